import pytest

from geo import errors
from geo.errors import Message


def test_a_message_is_said_in_the_chosen_language_and_both_for_the_command_line():
    m = Message("Không có tệp", "No file")
    assert m.text("vi") == "Không có tệp" and m.text("en") == "No file"
    assert str(m) == "Không có tệp / No file"
    assert str(Message("DATABASE_URL", "DATABASE_URL")) == "DATABASE_URL"


@pytest.mark.parametrize("kind", [errors.InvalidConfiguration, errors.InvalidTargets, errors.BoundariesUnavailable,
                                  errors.StoreError, errors.RecordNotFound, errors.NotAllowed, errors.RevertRefused])
def test_every_error_a_user_can_fix_carries_a_bilingual_message(kind):
    exc = kind(Message("sửa thế này", "fix it so"))
    assert isinstance(exc, errors.DashboardError)
    assert exc.text("vi") == "sửa thế này" and exc.text("en") == "fix it so" and str(exc) == "sửa thế này / fix it so"


def test_errors_with_details_keep_them():
    conflict = errors.Conflict("c1", ["r2"])
    assert conflict.site_id == "c1" and conflict.changed == ["r2"] and "1 new record" in conflict.text("en")
    failed = errors.SignInFailed(Message("sai", "wrong"), retry_after=5)
    assert failed.retry_after == 5 and failed.text("en") == "wrong"


def test_validation_failed_lists_the_first_row_errors_in_each_language():
    from geo.core.model import RowError

    rows = [RowError(i, f"s{i}", "name", "", Message("thiếu tên", "name is empty")) for i in range(1, 6)]
    exc = errors.ValidationFailed(rows)
    assert exc.errors == rows
    assert exc.text("en").startswith("5 data errors: Row 1 (s1), name: name is empty") and exc.text("en").endswith("(+2)")
    assert exc.text("vi").startswith("5 lỗi dữ liệu: Dòng 1 (s1)")


def test_an_import_refusal_says_its_first_problem():
    from geo.io.importing.problems import Problem

    exc = errors.ImportRefused([Problem.of(3, "B", "sai", "wrong"), Problem.of(4, "B", "sai nữa", "wrong again")])
    assert exc.text("en") == "Row 3: B: wrong" and len(exc.problems) == 2
