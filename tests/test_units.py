"""The units a story may name are the ones the extractor produces, and no others."""

from __future__ import annotations

import pytest
from factdrift.pipelines import units
from factdrift.pipelines.claims import numbers
from factdrift.pipelines.errors import ConfigError
from factdrift.pipelines.story import load_story


def test_the_known_units_are_the_extractors():
    assert set(numbers.MEASURE_UNITS.values()) == set(units.MEASURES)
    assert set(numbers.DURATION_UNITS.values()) == set(units.DURATION)
    money = set(numbers._CURRENCY_CODES.values()) | set(numbers._MONEY_WORDS.values())
    assert money == set(units.CURRENCIES)


STORY = """
id = "q"
title = "q"
keywords = ["quake"]
[[sources]]
kind = "folder"
location = "."
[[facts]]
key = "magnitude"
label = "Magnitude"
kind = "quantity"
unit = "{unit}"
cues = ["magnitude"]
"""


@pytest.mark.parametrize("unit", ["magnitude", "acres", "acre", "Category", "km/h"])
def test_a_unit_the_extractor_reads_is_accepted(tmp_path, unit):
    path = tmp_path / "story.toml"
    path.write_text(STORY.format(unit=unit), encoding="utf-8")
    assert load_story(path).facts[0].unit == unit


def test_an_unknown_unit_is_refused_in_one_line_listing_the_known_ones(tmp_path):
    path = tmp_path / "story.toml"
    path.write_text(STORY.format(unit="richter points"), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_story(path)
    message = str(err.value)
    assert "\n" not in message
    assert "facts[0] (key=magnitude)" in message
    assert "'richter points' is not a unit factdrift reads" in message
    assert "magnitude" in message.split("known:")[1]
