"""Where things live on a catalogue site, and the resolver address of a DOI: built here only.

Paths are relative to the site's root and end with a slash (the folder holding `index.html`);
`absolute` puts a base URL in front. The publisher (pages, feed, sitemap, search index), the
citation exports and the plain-text citation all ask this module, so a record's address is the
same in every output.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

RECORDS = "records"
"""The folder of record pages."""

SESSIONS = "sessions"
"""The folder of automated-session pages."""

ID_SLOT = "{id}"
"""Where `record_path_template` takes a record id."""

DOI_RESOLVER = "https://doi.org/"

# Characters a DOI suffix may hold that need no escaping in a URL path; the rest (#, ?, %, spaces,
# quotes, <, >) are percent-encoded so the link resolves to the DOI as written.
_DOI_SAFE = "/:;()[]!$'*+,=@"


def record_path_template() -> str:
    """`records/{id}/`: a record's address with ID_SLOT for its percent-encoded id. Pages hand it to
    their script, which lists records by id, so the script holds no copy of the scheme."""
    return f"{RECORDS}/{ID_SLOT}/"


def record_path(record_id: str, version: int | None = None) -> str:
    """`records/<id>/`, the record's latest version; with `version`, its numbered copy `records/<id>/v<N>/`."""
    folder = record_path_template().replace(ID_SLOT, quote(record_id, safe=""))
    return folder if version is None else f"{folder}v{version}/"


def session_path(slug: str) -> str:
    """`sessions/<slug>/`, the page of one automated session (`publish.sessions.session_slug`)."""
    return f"{SESSIONS}/{quote(slug, safe='')}/"


def absolute(base_url: str | None, path: str) -> str | None:
    """`path` under the site's base URL; None when the site has no fixed address."""
    if not base_url:
        return None
    return base_url.rstrip("/") + "/" + path


def record_url(base_url: str | None, record_id: str, version: int | None = None) -> str | None:
    """The absolute address of a record's latest version (or of one numbered version)."""
    return absolute(base_url, record_path(record_id, version))


def doi_url(doi: str) -> str:
    """The resolver URL of a DOI, percent-encoded where the DOI holds characters with a meaning in URLs."""
    return DOI_RESOLVER + quote(doi, safe=_DOI_SAFE)


def is_public_address(url: str | None) -> bool:
    """Whether a citation may name `url`: a web address, not a path on the machine that wrote the record
    (`file:///home/...`, the local repository `nrr convert --repo` read)."""
    return bool(url) and urlsplit(str(url)).scheme in ("http", "https")


def base_url_problem(base_url: str) -> str | None:
    """Why `base_url` cannot be where a catalogue is served, or None: the one rule `nrr build
    --base-url`, `base_url` in nrr-site.toml and `nrr cite --base-url` apply, so a citation never
    names an address the site could not have."""
    if not base_url.startswith(("https://", "http://")):
        return "must start with https:// or http://"
    if any(ch.isspace() for ch in base_url) or not urlsplit(base_url).hostname:
        return "must be a web address, such as https://lab.example.org/negative-results/"
    return None
