"""Every session-state key the app reads or writes, named once.

A widget bound to the link uses its link parameter as its key (so seeding widgets from a
link and writing the link back are one loop over :data:`geo.core.links.PARAMS`); the
filters' keys are their catalogue parameters (:data:`geo.core.filters.FILTERS`).
"""

from geo.core import links

# Widgets bound to the link (the key is the link parameter).
LANG = links.LANG.name
WHEN = links.WHEN.name
ASOF = links.ASOF.name
COLOR = links.COLOR.name
BOUNDARIES = links.BOUNDARIES.name
SHADE_TARGET = links.SHADE_TARGET.name
ONLY_SHORT = links.ONLY_SHORT.name
SORT = links.SORT.name
TARGET = links.TARGET.name
GROUPING = links.GROUPING.name
UNIT = links.UNIT.name
TARGETS_VIEW = links.TARGETS_VIEW.name
REPORT_AREA = links.REPORT_AREA.name
PERIOD = links.PERIOD.name
SINCE = links.SINCE.name
UNTIL = links.UNTIL.name


def view_key(param: str) -> str:
    """Where the app keeps a link part it sets itself (map view, open site): 'view_lat'..."""
    return f"view_{param}"


VIEW_LAT = view_key(links.LAT.name)
VIEW_LON = view_key(links.LON.name)
VIEW_ZOOM = view_key(links.ZOOM.name)
VIEW_SITE = view_key(links.SITE.name)
VIEW_PLAN = view_key(links.PLAN.name)
VIEW_MISSING_PATH = view_key(links.MISSING_PATH.name)

# The run and the link.
VIEW = "view"  # the View of this run: read it with ui.view.current()
LINK_WRITTEN = "link_written"  # the parameters this app last put in the address
LINK_NOTICES = "link_notices"
CURRENT_PATH = "current_path"

# Signing in.
AUTH_TOKEN = "auth_token"
SESSION_EXPIRED = "session_expired"
COOKIE_WORK = "cookie_work"  # ("POST", one-time code) or ("DELETE", None): what the browser does with its cookie next run
SIGN_IN_FORM = "sign_in"
SIGN_IN_BOX = "sign_in_box"  # whether the sign-in box is open (its form is drawn only then)
SIGN_IN_USER = "sign_in_user"
SIGN_IN_PASSWORD = "sign_in_password"

# Sidebar.
MORE_FILTERS = "more_filters"  # whether "More filters" is open (its widgets are drawn only then)

# Pages.
MAP = "main_map"
MAP_HOME = "map_home"
MAP_REPORTED = "map_reported"  # the view the map itself last reported (lat, lon, zoom)
MAP_ARGS = "map_args"  # the center and zoom last given to the map
SITE_TABLE = "site_table"
REPORT_PDF = "report_pdf"
REPORT_HTML = "report_html"
REPORT_DOCX = "report_docx"
FLASH = "flash"
PENDING_WRITE = "pending_write"
IMPORT_FILE = "import_file"
IMPORT_ROUND = "import_round"  # bumped after an import: the uploader under a new key starts empty
IMPORT_FLASH = "import_flash"
FIELD_FILE = "field_file"  # field submissions (ODK, KoboToolbox, QField) on the Data page
FIELD_ROUND = "field_round"
FIELD_FLASH = "field_flash"
IMPORT_MATCHES = "import_matches"  # + a hash of the file: {file row: site id, or "" for a new site}
REVERT_ID = "revert_id"
REVERT_GO = "revert_go"


def opened_version(site_id: str) -> str:
    """The site's version when its page was opened, for the concurrent-save check."""
    return f"opened_version_{site_id}"


def form_round(site_id: str) -> str:
    """How many saves this session made on one site's page (the recording forms' keys include it)."""
    return f"form_round_{site_id}"
