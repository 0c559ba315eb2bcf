"""cop_site.gitdates.last_updated: the newest commit's date per file, from one `git log`."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from cop_site import gitdates
from cop_site.gitdates import last_updated


def git(repo: Path, *args: str, when: str | None = None) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(repo), "GIT_CONFIG_NOSYSTEM": "1"}
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=repo, env=env, check=True, capture_output=True)


def commit(repo: Path, files: dict[str, str], when: str) -> None:
    for rel, text in files.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text, "utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", f"at {when}", when=when)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    commit(repo, {"content/a.md": "a", "content/old.md": "o", "content/sub dir/é ñ.md": "x", "README.md": "r"}, "2025-01-10T12:00:00Z")
    commit(repo, {"content/a.md": "a2", "README.md": "r2"}, "2025-03-05T12:00:00Z")
    # late in the evening in the committer's time zone: already the next day in UTC
    commit(repo, {"content/sub dir/é ñ.md": "x2"}, "2025-04-01T23:30:00-05:00")
    git(repo, "mv", "content/old.md", "content/new.md")
    git(repo, "commit", "-qm", "rename", when="2025-05-20T09:00:00Z")
    return repo


def test_newest_commit_per_file_under_the_folder(repo: Path) -> None:
    (repo / "content/untracked.md").write_text("u", "utf-8")
    dates = last_updated(repo / "content")
    content = (repo / "content").resolve()
    assert dates == {
        content / "a.md": dt.date(2025, 3, 5),
        content / "sub dir/é ñ.md": dt.date(2025, 4, 1),  # quoted by plain `git log`; the committer's own date
        content / "new.md": dt.date(2025, 5, 20),  # a rename dates the file at its new path
        content / "old.md": dt.date(2025, 5, 20),  # deleted by the rename: harmless, no page asks for it
    }


def test_one_git_log_however_many_files(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    commit(repo, {f"content/many/p{i}.md": str(i) for i in range(200)}, "2025-06-01T12:00:00Z")
    calls: list[list[str]] = []
    real = subprocess.run

    def counting(args, *rest, **kw):
        calls.append(args)
        return real(args, *rest, **kw)

    monkeypatch.setattr(gitdates.subprocess, "run", counting)
    dates = last_updated(repo / "content")
    assert len(dates) == 204
    assert len(calls) == 2 and [c[1] for c in calls] == ["rev-parse", "log"], calls


def test_no_dates_outside_git_or_in_a_shallow_clone(repo: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    assert last_updated(plain) == {}
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(tmp_path / "shallow")], check=True, capture_output=True)
    # a shallow clone's only commit seems to add every file: every page would get one date
    assert last_updated(tmp_path / "shallow/content") == {}


def test_without_git(monkeypatch: pytest.MonkeyPatch, repo: Path) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    assert last_updated(repo / "content") == {}
