"""Issue 12: `cop-site check` warns, without failing, about fields whose names look private
(fears, contact details) written outside `private:` anywhere in content/, drafts included."""

from __future__ import annotations

from pathlib import Path

from helpers import cop_check, write_site
from test_check import VALID

FILES = {
    "content/about.md": "---\ntitle: About\ncontact_email: someone@example.org\n---\nText.\n",
    "content/groups/pathways/2025-02-01-draft.md": "---\ntitle: Draft\ndate: 2025-02-01\ndraft: true\nprivate:\n  fears: kept here, fine\n---\n",
    "content/partners/quiet.md": "---\nname: Quiet\ncategory: agency\nprivate:\n  phone: 555 0100\n  contact: Dana\n---\n",
    "content/people.md": "---\ntitle: People\npeople:\n  - name: A\n    Phone: 555 0101\n---\n",
    # an agreement's element names are its vocabulary, not private fields
    "content/partners/agreed.md": "---\nname: Agreed\ncategory: agency\nagreement:\n  elements: {concerns-and-fears: drafting}\n---\n",
}


def test_private_looking_fields_outside_private_are_warnings(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {**VALID, **FILES})
    check = cop_check(site)
    assert check.returncode == 0, check.output
    lines = [line for line in check.stdout.splitlines() if ": warning: " in line]
    assert lines == [
        "content/about.md:3: warning: 'contact_email' looks private but is not under 'private:', so it would be published; "
        "move it under 'private:' (see Help > Privacy), or rename it if it holds nothing private",
        "content/people.md:5: warning: 'Phone' looks private but is not under 'private:', so it would be published; "
        "move it under 'private:' (see Help > Privacy), or rename it if it holds nothing private",
    ], check.output
    github = cop_check(site, "--format", "github")
    assert github.returncode == 0
    assert "::warning file=content/about.md,line=3::'contact_email' looks private" in github.stdout


def test_a_private_looking_field_beside_real_problems_keeps_the_exit_status(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {**VALID, "content/partners/loud.md": "---\nname: Loud\ncategory: agency\nfears: losing funding\n---\n"})
    check = cop_check(site)
    assert check.returncode == 1
    assert "content/partners/loud.md:4: unknown field 'fears'" in check.stdout
    assert "content/partners/loud.md:4: warning: 'fears' looks private" in check.stdout
