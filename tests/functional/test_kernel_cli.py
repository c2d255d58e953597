"""Command line, configuration errors and a port that is taken."""

import socket

import pytest

pytestmark = pytest.mark.single_binary(reason="runs commands and checks their exit codes and messages")


@pytest.mark.parametrize("variable,value", [
    ("SERVICE_PORT", "abc"),
    ("SERVICE_PORT", "70000"),
    ("LOG_LEVEL", "loud"),
    ("LOG_FORMAT", "xml"),
    ("ALLOWED_ORIGINS", "*"),
    ("ALLOWED_ORIGINS", "http://ok.example.test,https://has.a/path"),
    ("DATABASE_URL", "mysql://x"),
    ("HOST", "not-an-address"),
    ("HTTP_BODY_LIMIT_KB", "0"),
    ("HTTP_HEADER_TIMEOUT_SECONDS", "-1"),
    ("WEB_DIST_DIR", "/nonexistent/authorworks-dist"),
    ("JWT_SECRET", "short"),
])
def test_bad_configuration_exits_2_naming_the_variable(run_binary, variable, value):
    p = run_binary(["serve"], {variable: value})
    assert p.returncode == 2, (p.stdout, p.stderr)
    assert f"configuration error: {variable}:" in p.stderr
    assert p.stdout == ""


def test_dotenv_in_the_working_directory_is_read(run_binary, tmp_path):
    (tmp_path / "cwd").mkdir()
    (tmp_path / "cwd" / ".env").write_text("LOG_LEVEL=chatty\n")
    p = run_binary(["serve"])
    assert p.returncode == 2
    assert "LOG_LEVEL" in p.stderr and "chatty" in p.stderr


def test_unknown_command(run_binary):
    p = run_binary(["bogus"])
    assert p.returncode == 2
    assert "unknown command 'bogus'" in p.stderr
    for command in ("serve", "routes", "version"):
        assert command in p.stderr


def test_no_command(run_binary):
    p = run_binary([])
    assert p.returncode == 2
    assert "missing command" in p.stderr
    assert "Usage: authorworks" in p.stderr


def test_unknown_option(run_binary):
    p = run_binary(["serve", "--bogus"])
    assert p.returncode == 2
    assert "unknown option '--bogus'" in p.stderr
    assert "--target" in p.stderr


def test_unknown_target_lists_the_allowed_ones(run_binary):
    p = run_binary(["serve", "--target", "nope"])
    assert p.returncode == 2
    assert "unknown target 'nope'" in p.stderr
    assert "allowed: all, users, content, storage, editor, messaging, discovery, gateway" in p.stderr


def test_target_without_value(run_binary):
    p = run_binary(["serve", "--target"])
    assert p.returncode == 2
    assert "--target needs a value" in p.stderr


def test_unknown_target_from_the_environment(run_binary):
    p = run_binary(["serve"], {"AUTHORWORKS_TARGET": "nope"})
    assert p.returncode == 2
    assert "unknown target 'nope' (from AUTHORWORKS_TARGET)" in p.stderr


def test_serve_help(run_binary):
    p = run_binary(["serve", "--help"])
    assert p.returncode == 0
    assert p.stdout.startswith("Usage: authorworks serve")
    assert "--target" in p.stdout
    assert p.stderr == ""


def test_main_help(run_binary):
    p = run_binary(["--help"])
    assert p.returncode == 0
    assert p.stdout.startswith("Usage: authorworks <command>")


def test_version(run_binary, server):
    p = run_binary(["version"])
    assert p.returncode == 0
    version = server.get("/health").json()["version"]
    assert p.stdout.startswith(f"authorworks {version} (")
    assert p.stderr == ""


def test_port_in_use_exits_1(run_binary):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        p = run_binary(["serve"], {"SERVICE_PORT": str(port)})
    assert p.returncode == 1, (p.stdout, p.stderr)
    assert f"cannot listen on 127.0.0.1:{port}" in p.stderr
    assert "Address already in use" in p.stderr or "in use" in p.stderr
    assert "SERVICE_PORT" in p.stderr
