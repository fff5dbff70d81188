"""``flask indicators import``: good files, idempotence, and every kind of bad row refused with nothing saved."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.core.cli_options import DRY_RUN_NOTE
from portal.core.extensions import db
from portal.strategy import importer
from portal.strategy.models import ComparatorValue, Indicator, IndicatorValue, StrategyOutcome
from tests.snapshot import database_rows

HEADER = "indicator_code,indicator_name,unit,expected_direction,period,value,target,comparator,comparator_value,outcome"
GOOD = f"""{HEADER}
EHCP-20WK,% of EHC plans issued within 20 weeks,percent,increase,2023-24,49.3,65,England,50.8,Needs are met early
EHCP-20WK,% of EHC plans issued within 20 weeks,percent,increase,2023-24,49.3,65,Statistical neighbours,48.2,
EHCP-20WK,% of EHC plans issued within 20 weeks,percent,increase,2024-25,55%,65,England,47.2,
INTERNSHIPS,Supported internships,count,increase,2024-25,41,,,,Ready for adulthood
INTERNSHIPS,Supported internships,count,increase,2025-26,"1,048",,,,
"""


def counts() -> tuple[int, ...]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (StrategyOutcome, Indicator, IndicatorValue, ComparatorValue)
    )


def run(text: str, encoding: str = "utf-8") -> importer.ImportSummary:
    summary = importer.import_csv(text.encode(encoding))
    db.session.commit()
    return summary


def test_a_good_file_creates_outcomes_indicators_values_and_comparators(app_ctx):
    summary = run(GOOD)
    assert summary.counts == {"outcomes created": 2, "indicators created": 2, "indicators updated": 0,
                              "values created": 4, "values updated": 0, "comparator values set": 3}  # fmt: skip
    assert counts() == (2, 2, 4, 3)
    indicator = db.session.scalar(select(Indicator).where(Indicator.code == "EHCP-20WK"))
    assert (indicator.unit, indicator.direction, indicator.target) == ("percent", "increase", 65)
    assert indicator.source == "imported"
    assert indicator.outcome.title == "Needs are met early"
    assert not indicator.published
    assert [(v.period, v.value) for v in indicator.values] == [("2023-24", 49.3), ("2024-25", 55.0)]
    internships = db.session.scalar(select(Indicator).where(Indicator.code == "INTERNSHIPS"))
    assert internships.values[-1].value == 1048


def test_importing_the_same_file_again_changes_nothing(app_ctx):
    run(GOOD)
    summary = run(GOOD)
    assert set(summary.counts.values()) == {0}
    assert counts() == (2, 2, 4, 3)


def test_a_second_file_updates_by_code_period_and_comparator(app_ctx):
    run(GOOD)
    row = "EHCP-20WK,% of EHC plans issued within 20 weeks,percent,increase,2024-25,56,65,England,47.5,"
    summary = run(f"{HEADER}\n{row}\n")
    assert summary.counts["values updated"] == 1
    assert summary.counts["comparator values set"] == 1
    assert counts() == (2, 2, 4, 3)


def test_a_byte_order_mark_is_fine(app_ctx):
    summary = importer.import_csv(b"\xef\xbb\xbf" + GOOD.encode())
    assert summary.counts["indicators created"] == 2


def test_other_encodings_are_refused_with_a_clear_error(app_ctx):
    with pytest.raises(importer.ImportRefused) as refused:
        importer.import_csv(GOOD.replace("Needs", "Needs £").encode("cp1252"))
    assert "CSV UTF-8" in str(refused.value.errors[0])


BAD_ROWS = [
    (",Name,percent,increase,2024-25,5", "indicator_code is missing"),
    ("A B,Name,percent,increase,2024-25,5", "indicator_code must be"),
    ("CODE,,percent,increase,2024-25,5", "indicator_name is missing"),
    ("CODE,Name,furlongs,increase,2024-25,5", "unit 'furlongs' is not known"),
    ("CODE,Name,percent,sideways,2024-25,5", "expected_direction 'sideways' is not known"),
    ("CODE,Name,percent,increase,next year,5", "period 'next year' is not a period"),
    ("CODE,Name,percent,increase,2024-25,lots", "value must be a number"),
    ("CODE,Name,percent,increase,2024-25,", "value is missing"),
    ("CODE,Name,percent,increase,2024-25,5,sixty", "target must be a number"),
    ("CODE,Name,percent,increase,2024-25,5,,England,", "give both comparator and comparator_value"),
    ("CODE,Name,percent,increase,2024-25,5,,England,high", "comparator_value must be a number"),
]


@pytest.mark.parametrize(("row", "message"), BAD_ROWS)
def test_a_bad_row_is_refused_with_its_number_and_nothing_is_saved(app_ctx, row, message):
    text = GOOD + row + "\n"
    with pytest.raises(importer.ImportRefused) as refused:
        importer.import_csv(text.encode())
    db.session.rollback()
    assert any(str(error).startswith(f"Row 7: {message}") for error in refused.value.errors)
    assert counts() == (0, 0, 0, 0)


def test_rows_that_contradict_each_other_are_refused(app_ctx):
    text = GOOD + "EHCP-20WK,Another name,count,increase,2024-25,60,,,,\n"
    with pytest.raises(importer.ImportRefused) as refused:
        importer.import_csv(text.encode())
    messages = [str(e) for e in refused.value.errors]
    assert "Row 7: name differs from row 2 for EHCP-20WK" in messages
    assert "Row 7: unit differs from row 2 for EHCP-20WK" in messages
    assert "Row 7: value differs from row 4 for EHCP-20WK 2024-25" in messages


def test_every_problem_is_listed_not_just_the_first(app_ctx):
    text = GOOD + "\n".join(row for row, _ in BAD_ROWS[:3]) + "\n"
    with pytest.raises(importer.ImportRefused) as refused:
        importer.import_csv(text.encode())
    assert sorted({e.row for e in refused.value.errors}) == [7, 8, 9]


def test_a_file_that_is_not_csv_is_refused(app_ctx):
    with pytest.raises(importer.ImportRefused, match="not a CSV"):
        importer.import_csv((HEADER + '\nA,B,percent,increase,2024-25,"5\n').encode())


def test_missing_columns_are_named(app_ctx):
    with pytest.raises(importer.ImportRefused) as refused:
        importer.import_csv(b"indicator_code,indicator_name,period\nA,B,2024-25\n")
    assert str(refused.value.errors[0]) == "Row 1: the file is missing the columns unit, expected_direction, value"


def test_a_file_with_only_a_header_is_refused(app_ctx):
    with pytest.raises(importer.ImportRefused, match="no rows"):
        importer.import_csv((HEADER + "\n").encode())


def test_the_command_imports_and_reports(app_ctx, tmp_path):
    path = tmp_path / "values.csv"
    path.write_text(GOOD, encoding="utf-8")
    result = app_ctx.test_cli_runner().invoke(args=["indicators", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "Indicators created: 2" in result.output
    assert counts() == (2, 2, 4, 3)


def test_the_command_refuses_a_bad_file_and_saves_nothing(app_ctx, tmp_path):
    path = tmp_path / "values.csv"
    path.write_text(GOOD + BAD_ROWS[3][0] + "\n", encoding="utf-8")
    result = app_ctx.test_cli_runner().invoke(args=["indicators", "import", str(path)])
    assert result.exit_code == 1
    assert "Row 7: unit 'furlongs' is not known" in result.output
    assert "Nothing was imported" in result.output
    assert counts() == (0, 0, 0, 0)


def test_the_command_dry_run_changes_nothing_and_counts_as_a_real_run(app_ctx, tmp_path):
    path = tmp_path / "values.csv"
    path.write_text(GOOD, encoding="utf-8")
    runner = app_ctx.test_cli_runner()
    before = database_rows()
    dry = runner.invoke(args=["indicators", "import", "--dry-run", str(path)])
    assert dry.exit_code == 0, dry.output
    assert "Dry run: nothing was changed" in dry.output
    assert database_rows() == before
    real = runner.invoke(args=["indicators", "import", str(path)])
    assert real.exit_code == 0, real.output
    assert dry.output.replace(DRY_RUN_NOTE + "\n", "") == real.output
    assert counts() == (2, 2, 4, 3)
