"""The users of the curation database: added with a checked name, role and password, stored as an
Argon2id hash, verified (an unknown name costing the same work as a wrong password), rehashed when
the hasher's parameters rise, listed, removed, disabled; and `briefgraph users`, which reads a
password from the terminal or the first line of standard input and never from its arguments."""
import argparse
import io
import os
import re
import sqlite3
import subprocess
import sys
import threading

import pytest
from argon2 import PasswordHasher

from briefgraph.cli import build_parser, main
from briefgraph.errors import BriefgraphError
from briefgraph.store.curation.database import Database, curation_path
from briefgraph.store.curation.users import UnknownUser, User, UserError, UserExists, Users

# Cheap parameters for the tests that do not time anything (argon2-cffi's defaults take 64 MiB each).
CHEAP = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
PASSWORD = "correct horse battery"


@pytest.fixture
def db(tmp_path):
    database = Database(curation_path(tmp_path))
    yield database
    database.close()


@pytest.fixture
def users(db):
    return Users(db, hasher=CHEAP)


def stored_hash(db, name):
    return db.connection().execute("SELECT password_hash FROM users WHERE name = ?", (name,)).fetchone()[0]


def test_a_user_is_added_and_verified(users, db):
    assert users.add("alice", "reviewer", PASSWORD) == User("alice", "reviewer")
    assert users.verify("alice", PASSWORD) == User("alice", "reviewer")
    assert users.get("alice") == User("alice", "reviewer")
    assert stored_hash(db, "alice").startswith("$argon2id$")
    assert PASSWORD not in stored_hash(db, "alice")


def test_the_default_hasher_stores_argon2id(db):
    users = Users(db)
    users.add("alice", "admin", PASSWORD)
    assert re.fullmatch(r"\$argon2id\$v=19\$m=65536,t=3,p=4\$[^$]+\$[^$]+", stored_hash(db, "alice"))
    assert users.verify("alice", PASSWORD) == User("alice", "admin")


def test_the_row_is_as_the_schema_says(users, db):
    users.add("alice", "admin", PASSWORD)
    row = db.connection().execute("SELECT name, role, created, disabled FROM users").fetchone()
    assert (row["name"], row["role"], row["disabled"]) == ("alice", "admin", 0)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", row["created"])
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        with db.write() as conn:
            conn.execute("INSERT INTO users (name, role, password_hash, created) VALUES ('x', 'root', 'h', 'now')")


def test_a_wrong_password_or_an_unknown_name_is_refused(users):
    users.add("alice", "reviewer", PASSWORD)
    assert users.verify("alice", PASSWORD + "!") is None
    assert users.verify("alice", "") is None
    assert users.verify("Alice", PASSWORD + "!") is None
    assert users.verify("bob", PASSWORD) is None
    assert users.verify("not a name\n", PASSWORD) is None


def test_an_unknown_name_costs_a_verification_too(db):
    """Timing must not tell a known name from an unknown one: both verify one Argon2 hash made with
    the same parameters."""
    checked = []

    class Spy(PasswordHasher):
        def verify(self, hash, password):
            checked.append(hash)
            return super().verify(hash, password)

    users = Users(db, hasher=Spy(time_cost=1, memory_cost=1024, parallelism=1))
    users.add("alice", "reviewer", PASSWORD)
    for name in ("alice", "nobody", "x" * 200):
        assert users.verify(name, "wrong password") is None
    assert len(checked) == 3
    params = {h.split("$")[3] for h in checked}
    assert params == {"m=1024,t=1,p=1"} and all(h.startswith("$argon2id$") for h in checked)
    assert checked[1] != stored_hash(db, "alice")


def test_a_duplicate_name_is_refused_in_any_case(users):
    users.add("alice", "reviewer", PASSWORD)
    with pytest.raises(UserExists, match="a user named 'alice' exists already"):
        users.add("alice", "admin", "another password")
    with pytest.raises(UserExists, match="a user named 'alice' exists already"):
        users.add("ALICE", "reviewer", "another password")
    assert users.list() == [User("alice", "reviewer")]
    assert users.verify("alice", PASSWORD) == User("alice", "reviewer")


@pytest.mark.parametrize("password, message", [("", "the password is empty"),
                                               ("1234567", "the password is too short: it needs at least 8 characters")])
def test_an_empty_or_short_password_is_refused(users, password, message):
    with pytest.raises(UserError, match=message):
        users.add("alice", "reviewer", password)
    assert users.get("alice") is None
    users.add("alice", "reviewer", "12345678")                  # eight is enough
    with pytest.raises(UserError, match=message):
        users.set_password("alice", password)
    assert users.verify("alice", "12345678") is not None


@pytest.mark.parametrize("name", ["", "a b", "alice\n", "../alice", "al/ice", "ålice", "x" * 65, "a'b", "a:b"])
def test_a_name_outside_the_grammar_is_refused(users, name):
    with pytest.raises(UserError, match="is not allowed: use 1 to 64 letters, digits, '.', '_' or '-'"):
        users.add(name, "reviewer", PASSWORD)
    assert users.list() == []


def test_the_grammar_allows_what_it_says(users):
    for name in ("a", "A.b_c-9", "x" * 64):
        users.add(name, "reviewer", PASSWORD)
    assert [u.name for u in users.list()] == ["a", "A.b_c-9", "x" * 64]     # by name, without case


def test_an_unknown_role_is_refused(users):
    with pytest.raises(UserError, match="unknown role 'root': use one of reviewer, admin"):
        users.add("alice", "root", PASSWORD)


def test_errors_are_briefgraph_errors_with_a_status():
    assert issubclass(UserError, BriefgraphError) and issubclass(UserExists, UserError)
    assert (UserError.http_status, UserExists.http_status, UnknownUser.http_status) == (400, 409, 404)


def test_list_remove_and_set_password(users):
    users.add("bob", "admin", PASSWORD)
    users.add("alice", "reviewer", PASSWORD)
    assert users.list() == [User("alice", "reviewer"), User("bob", "admin")]
    users.set_password("alice", "a new password")
    assert users.verify("alice", PASSWORD) is None
    assert users.verify("alice", "a new password") == User("alice", "reviewer")
    users.remove("bob")
    assert users.list() == [User("alice", "reviewer")] and users.get("bob") is None
    assert users.verify("bob", PASSWORD) is None
    with pytest.raises(UnknownUser, match="no user is named 'bob'"):
        users.remove("bob")
    with pytest.raises(UnknownUser, match="no user is named 'bob'"):
        users.set_password("bob", "a new password")


def test_a_disabled_user_cannot_sign_in_and_has_no_session(users):
    users.add("alice", "reviewer", PASSWORD)
    user, stamp = users.session("alice")
    assert user == User("alice", "reviewer") and re.fullmatch(r"[0-9a-f]{16}", stamp)
    users.set_disabled("alice", True)
    assert users.get("alice") == User("alice", "reviewer", disabled=True)
    assert users.verify("alice", PASSWORD) is None and users.session("alice") is None
    users.set_disabled("alice", False)
    assert users.verify("alice", PASSWORD) == User("alice", "reviewer")
    with pytest.raises(UnknownUser):
        users.set_disabled("nobody", True)


def test_a_new_password_changes_the_session_stamp(users):
    users.add("alice", "reviewer", PASSWORD)
    _, before = users.session("alice")
    assert users.session("alice")[1] == before
    users.set_password("alice", "a new password")
    assert users.session("alice")[1] != before


def test_a_hash_of_weaker_parameters_is_rehashed_on_sign_in(db):
    Users(db, hasher=CHEAP).add("alice", "reviewer", PASSWORD)
    old = stored_hash(db, "alice")
    strong = Users(db)                                     # the defaults: 64 MiB, 3 passes
    assert strong.verify("alice", "wrong password") is None
    assert stored_hash(db, "alice") == old                 # only a right password is rehashed
    assert strong.verify("alice", PASSWORD) == User("alice", "reviewer")
    new = stored_hash(db, "alice")
    assert new != old and "$m=65536,t=3,p=4$" in new
    assert strong.verify("alice", PASSWORD) == User("alice", "reviewer")
    assert stored_hash(db, "alice") == new                 # and once only


def test_the_table_is_made_once_and_kept(db):
    Users(db, hasher=CHEAP).add("alice", "reviewer", PASSWORD)
    assert Users(db, hasher=CHEAP).list() == [User("alice", "reviewer")]


def test_two_threads_adding_one_name_make_one_user(db):
    users = Users(db, hasher=CHEAP)
    outcomes = []

    def add():
        try:
            users.add("alice", "reviewer", PASSWORD)
            outcomes.append("added")
        except UserExists:
            outcomes.append("exists")

    threads = [threading.Thread(target=add) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["added", "exists", "exists", "exists"]


# --- briefgraph users ---------------------------------------------------------------------------

@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFGRAPH_DATA_DIR", str(tmp_path))
    return tmp_path


def piped(monkeypatch, text):
    """Standard input that is not a terminal (a pipe), holding `text`."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def cli_users(data_dir):
    return Users(Database(curation_path(data_dir)))


def test_no_option_takes_a_password():
    def subcommands(parser):
        return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices

    users = subcommands(subcommands(build_parser())["users"])
    assert set(users) == {"add", "list", "remove", "passwd"}
    for action in users.values():
        for option in action._actions:
            assert not any("pass" in s for s in option.option_strings), option.option_strings
            assert "pass" not in option.dest


@pytest.mark.parametrize("argv", [["users", "add", "alice", "--password", PASSWORD],
                                  ["users", "add", "alice", PASSWORD],
                                  ["users", "passwd", "alice", PASSWORD]])
def test_a_password_on_the_command_line_is_refused(data_dir, monkeypatch, capsys, argv):
    piped(monkeypatch, "")
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert "unrecognized arguments" in capsys.readouterr().err
    assert not curation_path(data_dir).exists() or cli_users(data_dir).list() == []


def test_add_reads_the_password_from_piped_stdin(data_dir, monkeypatch, capsys):
    piped(monkeypatch, PASSWORD + "\nnot this line\n")
    assert main(["users", "add", "alice", "--role", "admin"]) == 0
    assert capsys.readouterr().out == "added alice (admin)\n"
    assert cli_users(data_dir).verify("alice", PASSWORD) == User("alice", "admin")
    assert cli_users(data_dir).verify("alice", PASSWORD + "\n") is None


def test_a_piped_password_keeps_its_spaces_and_loses_its_line_end(data_dir, monkeypatch):
    piped(monkeypatch, "  spaced out  \r\n")
    assert main(["users", "add", "alice"]) == 0
    assert cli_users(data_dir).verify("alice", "  spaced out  ") == User("alice", "reviewer")


def test_add_refusals_name_what_was_wrong(data_dir, monkeypatch, capsys):
    piped(monkeypatch, "short\n")
    assert main(["users", "add", "alice"]) == 1
    assert capsys.readouterr().err == ("briefgraph users add: the password is too short: "
                                       "it needs at least 8 characters\n")
    piped(monkeypatch, "")
    assert main(["users", "add", "alice"]) == 1
    assert capsys.readouterr().err == "briefgraph users add: the password is empty\n"
    piped(monkeypatch, PASSWORD + "\n")
    assert main(["users", "add", "alice"]) == 0
    capsys.readouterr()
    piped(monkeypatch, PASSWORD + "\n")
    assert main(["users", "add", "alice"]) == 1
    assert capsys.readouterr().err == "briefgraph users add: a user named 'alice' exists already\n"
    assert main(["users", "add", "bad name"]) == 1
    assert "briefgraph users add: the name 'bad name' is not allowed" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["users", "add", "bob", "--role", "root"])
    assert "invalid choice: 'root'" in capsys.readouterr().err


def test_a_terminal_asks_twice_and_refuses_two_different_passwords(data_dir, monkeypatch, capsys):
    import getpass

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stdin", Terminal())
    typed = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt: next(typed))
    assert main(["users", "add", "alice"]) == 1
    assert capsys.readouterr().err == "briefgraph users add: the two passwords differ; nothing was changed\n"
    assert cli_users(data_dir).list() == []
    prompts = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt: prompts.append(prompt) or PASSWORD)
    assert main(["users", "add", "alice"]) == 0
    assert prompts == ["Password: ", "Password again: "]
    assert cli_users(data_dir).verify("alice", PASSWORD) == User("alice", "reviewer")


def test_list_passwd_and_remove(data_dir, monkeypatch, capsys):
    for name, role in (("bob", "admin"), ("alice", "reviewer")):
        piped(monkeypatch, PASSWORD + "\n")
        assert main(["users", "add", name, "--role", role]) == 0
    capsys.readouterr()
    assert main(["users", "list"]) == 0
    assert capsys.readouterr().out == f"{'alice':32s} reviewer\n{'bob':32s} admin\n"
    piped(monkeypatch, "a new password\n")
    assert main(["users", "passwd", "alice"]) == 0
    assert capsys.readouterr().out == "changed the password of alice; their open sessions are signed out\n"
    assert cli_users(data_dir).verify("alice", "a new password") == User("alice", "reviewer")
    assert main(["users", "passwd", "carol"]) == 1
    assert capsys.readouterr().err == "briefgraph users passwd: no user is named 'carol'\n"
    assert main(["users", "remove", "bob"]) == 0
    assert capsys.readouterr().out == "removed bob\n"
    assert main(["users", "remove", "bob"]) == 1
    assert capsys.readouterr().err == "briefgraph users remove: no user is named 'bob'\n"
    assert [u.name for u in cli_users(data_dir).list()] == ["alice"]


def test_the_console_script_reads_a_piped_password(tmp_path):
    env = {**os.environ, "BRIEFGRAPH_DATA_DIR": str(tmp_path)}
    run = subprocess.run([sys.executable, "-m", "briefgraph.cli", "users", "add", "alice", "--role", "reviewer"],
                         input=PASSWORD + "\n", capture_output=True, text=True, env=env, timeout=60)
    assert (run.returncode, run.stdout, run.stderr) == (0, "added alice (reviewer)\n", "")
    assert cli_users(tmp_path).verify("alice", PASSWORD) == User("alice", "reviewer")
