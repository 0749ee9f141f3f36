"""The landing area every signed-in user starts from."""
