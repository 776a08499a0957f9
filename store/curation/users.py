"""The reviewers and admins of the curation database: a name, a role and an Argon2id hash of the
password per user. Reading the archive needs no account; these are the people who may change it."""
from __future__ import annotations

import builtins
import datetime as dt
import hashlib
import re
import secrets
import sqlite3
from dataclasses import dataclass
from typing import Final, Literal, cast

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from briefgraph.errors import BriefgraphError

from .database import Database

Role = Literal["reviewer", "admin"]
ROLES: Final[tuple[Role, ...]] = ("reviewer", "admin")
# Names go into URLs, logs and the reviewers' audit trail: a plain, unambiguous alphabet.
NAME: Final = re.compile(r"[A-Za-z0-9._-]{1,64}")
MIN_PASSWORD: Final = 8

# Names compare without case (COLLATE NOCASE): "alice" and "Alice" would be two accounts that a
# reader of the audit trail cannot tell apart, so the second is refused as a duplicate.
SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY COLLATE NOCASE,
    role TEXT NOT NULL CHECK (role IN ('reviewer', 'admin')),
    password_hash TEXT NOT NULL,
    created TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0
)
"""


class UserError(BriefgraphError, ValueError):
    """A user that cannot be added or changed as asked (a bad name, role or password)."""

    http_status = 400


class UserExists(UserError):
    """A user of that name exists already."""

    http_status = 409


class UnknownUser(UserError):
    """No user has that name."""

    http_status = 404


@dataclass(frozen=True)
class User:
    """A user as the app sees them: their name and role (and whether the account is disabled)."""

    name: str
    role: Role
    disabled: bool = False


def _now() -> str:
    """The time now, as the change sets write theirs: ISO 8601, UTC, to the second."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def check_name(name: str) -> None:
    """UserError unless the name follows the grammar of user names."""
    # fullmatch, not match with $: "$" also matches before a final newline
    if not NAME.fullmatch(name):
        raise UserError(f"the name {name[:80]!r} is not allowed: use 1 to 64 letters, digits, '.', '_' or '-'")


def _check_password(password: str) -> None:
    if not password:
        raise UserError("the password is empty")
    if len(password) < MIN_PASSWORD:
        raise UserError(f"the password is too short: it needs at least {MIN_PASSWORD} characters")


def _user(row: sqlite3.Row) -> User:
    return User(row["name"], cast(Role, row["role"]), bool(row["disabled"]))


def _stamp(password_hash: str) -> str:
    """A short fingerprint of a password hash: a session carries it, so that a new password ends
    every session opened with the old one. The hash holds a random salt, so the fingerprint gives
    nothing to test guessed passwords against."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


class Users:
    """The users table of a curation database (created if missing)."""

    def __init__(self, db: Database, hasher: PasswordHasher | None = None):
        self._db = db
        # argon2-cffi's defaults (Argon2id, RFC 9106's low-memory profile); a test may pass a cheaper one
        self._hasher = hasher or PasswordHasher()
        self._dummy: str | None = None
        with db.write() as conn:
            conn.execute(SCHEMA)

    def _row(self, name: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self._db.connection().execute(
            "SELECT name, role, password_hash, disabled FROM users WHERE name = ?", (name,)).fetchone()
        return row

    def _dummy_hash(self) -> str:
        """A hash of a random password, made with this hasher's parameters, that an unknown name's
        password is checked against: the answer then takes as long as for a known name."""
        if self._dummy is None:
            self._dummy = self._hasher.hash(secrets.token_urlsafe(24))
        return self._dummy

    def add(self, name: str, role: str, password: str) -> User:
        """Add a user; UserExists if the name is taken (in any case), UserError for a bad name,
        role or password."""
        check_name(name)
        if role not in ROLES:
            raise UserError(f"unknown role {role[:40]!r}: use one of {', '.join(ROLES)}")
        _check_password(password)
        password_hash = self._hasher.hash(password)       # before the lock: hashing takes a while
        try:
            with self._db.write() as conn:
                conn.execute("INSERT INTO users (name, role, password_hash, created) VALUES (?, ?, ?, ?)",
                             (name, role, password_hash, _now()))
        except sqlite3.IntegrityError:
            taken = self._row(name)
            raise UserExists(f"a user named {(taken['name'] if taken else name)!r} exists already") from None
        return User(name, role)

    def verify(self, name: str, password: str) -> User | None:
        """The user if the name and password match an account that is not disabled, else None;
        an unknown name costs the same work as a wrong password, so timing does not reveal names."""
        row = self._row(name) if NAME.fullmatch(name) else None
        stored = row["password_hash"] if row is not None else self._dummy_hash()
        try:
            self._hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):       # VerifyMismatchError is a VerificationError
            return None
        if row is None or row["disabled"]:
            return None
        if self._hasher.check_needs_rehash(stored):
            # the hasher's parameters were raised since: store the password hashed with the new ones,
            # unless it was changed meanwhile (the WHERE compares with the hash just verified)
            with self._db.write() as conn:
                conn.execute("UPDATE users SET password_hash = ? WHERE name = ? AND password_hash = ?",
                             (self._hasher.hash(password), row["name"], stored))
        return _user(row)

    def get(self, name: str) -> User | None:
        """The user of that name (disabled or not), or None."""
        row = self._row(name)
        return _user(row) if row is not None else None

    def session(self, name: str) -> tuple[User, str] | None:
        """The user and the stamp their sessions carry (it changes with the password), or None for
        an unknown or disabled user: what the web app checks a session against on each request."""
        row = self._row(name)
        if row is None or row["disabled"]:
            return None
        return _user(row), _stamp(row["password_hash"])

    def list(self) -> builtins.list[User]:
        """Every user, by name (without case)."""
        rows = self._db.connection().execute("SELECT name, role, disabled FROM users ORDER BY name").fetchall()
        return [_user(row) for row in rows]

    def remove(self, name: str) -> None:
        """Remove a user; UnknownUser if there is none of that name."""
        with self._db.write() as conn:
            if conn.execute("DELETE FROM users WHERE name = ?", (name,)).rowcount == 0:
                raise UnknownUser(f"no user is named {name[:80]!r}")

    def set_password(self, name: str, password: str) -> None:
        """Give a user a new password (which ends their open sessions); UnknownUser, or UserError
        for a bad password."""
        _check_password(password)
        password_hash = self._hasher.hash(password)
        with self._db.write() as conn:
            if conn.execute("UPDATE users SET password_hash = ? WHERE name = ?", (password_hash, name)).rowcount == 0:
                raise UnknownUser(f"no user is named {name[:80]!r}")

    def set_disabled(self, name: str, disabled: bool) -> None:
        """Disable a user (they can no longer sign in, and their sessions end) or enable them again;
        UnknownUser if there is none of that name."""
        with self._db.write() as conn:
            if conn.execute("UPDATE users SET disabled = ? WHERE name = ?", (int(disabled), name)).rowcount == 0:
                raise UnknownUser(f"no user is named {name[:80]!r}")
