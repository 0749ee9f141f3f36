"""Authentication, sessions and role checks."""
