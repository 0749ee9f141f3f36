"""The app's argon2id hasher for the suite: the same parameters, each computation done once per test process.

argon2id with RFC 9106's low-memory profile costs 0.1 s per hash or check on an idle core and over 1 s on the
loaded CI machine, and nearly every web test signs in a few users with the one suite password: the officers and
the committee alone cost 6 to 8 s of argon2 per test. The hashes stay real (argon2id, the app's parameters, a
random salt the first time); a password hashed before gets its first hash again, and a hash and password that
matched once match again without a second computation. A pair that does not match is checked for real each time,
so a wrong password is still refused by argon2 itself.
"""
from __future__ import annotations

from argon2 import PasswordHasher


class RememberingHasher(PasswordHasher):
    def __init__(self, **parameters) -> None:
        super().__init__(**parameters)
        self._hashes: dict[str | bytes, str] = {}
        self._matched: set[tuple[str | bytes, str | bytes]] = set()

    @classmethod
    def like(cls, hasher: PasswordHasher) -> RememberingHasher:
        """A remembering hasher with `hasher`'s parameters, so check_needs_rehash answers as the app's does."""
        return cls(time_cost=hasher.time_cost, memory_cost=hasher.memory_cost, parallelism=hasher.parallelism,
                   hash_len=hasher.hash_len, salt_len=hasher.salt_len, type=hasher.type)

    def hash(self, password: str | bytes, *, salt: bytes | None = None) -> str:
        if salt is not None:
            return super().hash(password, salt=salt)
        if password not in self._hashes:
            self._hashes[password] = super().hash(password)
        return self._hashes[password]

    def verify(self, hash: str | bytes, password: str | bytes):
        if (hash, password) not in self._matched:
            super().verify(hash, password)  # raises when they do not match: nothing is remembered then
            self._matched.add((hash, password))
        return True
