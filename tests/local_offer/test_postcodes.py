"""Postcodes to points (the ONS Postcode Directory package) and grid references to latitude and longitude."""

from __future__ import annotations

import pytest

from local_offer import postcodes
from local_offer.geo import LatLon, grid_to_osgb36, grid_to_wgs84, miles_between


def _dms(degrees: int, minutes: int, seconds: float) -> float:
    return degrees + minutes / 60 + seconds / 3600


def test_the_guides_worked_example_projects_back_to_the_same_osgb36_point():
    # "A guide to coordinate systems in Great Britain", annex C: Caister water tower.
    point = grid_to_osgb36(651409.903, 313177.270)
    assert point.latitude == pytest.approx(_dms(52, 39, 27.2531), abs=1e-7)
    assert point.longitude == pytest.approx(_dms(1, 43, 4.5177), abs=1e-7)


@pytest.mark.parametrize(
    ("easting", "northing", "latitude", "longitude"),
    [
        # The guide's ETRS89 (WGS84 to a metre) position of Caister water tower.
        (651409.903, 313177.270, _dms(52, 39, 28.8282), _dms(1, 42, 57.7870)),
        # Computed independently with PROJ (EPSG:27700 to EPSG:4326, the same Helmert parameters).
        (436389, 291729, 52.52223015451588, -1.4651193337018262),  # CV11 4AB, Nuneaton
        (530000, 180000, 51.50399082763378, -0.12835394047946935),  # central London
        (200000, 800000, 57.04754634397263, -5.29877765143736),  # the west Highlands
    ],
)
def test_grid_references_convert_to_wgs84_within_ten_metres(easting, northing, latitude, longitude):
    found = grid_to_wgs84(easting, northing)
    assert miles_between(found, LatLon(latitude, longitude)) * 1609.344 < 10


def test_miles_between_known_towns():
    nuneaton, rugby = LatLon(52.5230, -1.4652), LatLon(52.3709, -1.2650)
    assert miles_between(nuneaton, rugby) == pytest.approx(13.6, abs=0.3)
    assert miles_between(nuneaton, nuneaton) == 0


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("CV11 4AB", "CV11 4AB"),
        ("cv114ab", "CV11 4AB"),
        ("  cv11   4ab ", "CV11 4AB"),
        ("CV11", "CV11"),
        ("b1", "B1"),
        ("ec1a1bb", "EC1A 1BB"),
        ("B1 1AA", "B1 1AA"),
    ],
)
def test_postcodes_are_normalised_whatever_the_spacing_or_case(typed, normal):
    assert postcodes.normalise(typed) == normal


@pytest.mark.parametrize("typed", ["", None, "Nuneaton", "CV11 4A", "1234", "CV11 4ABX", "<script>", "C V 1 1 4 A"])
def test_malformed_postcodes_are_not_normalised(typed):
    assert postcodes.normalise(typed) is None
    assert postcodes.lookup(typed) is None


def test_a_full_postcode_is_found_at_its_grid_reference():
    point = postcodes.lookup("cv11 4ab")
    assert point is not None and point.postcode == "CV11 4AB" and not point.whole_district
    assert (point.easting, point.northing) == (436389, 291729)
    assert point.latlon.latitude == pytest.approx(52.5222, abs=1e-3)


def test_an_outward_code_is_the_centroid_of_its_postcodes():
    district = postcodes.lookup("CV11")
    assert district is not None and district.whole_district and district.postcode == "CV11"
    # Within a couple of miles of one of its postcodes, and not confused with CV1.
    assert miles_between(district.latlon, postcodes.lookup("CV11 4AB").latlon) < 3
    assert postcodes.lookup("CV1").northing != district.northing


def test_unknown_postcodes_give_none_and_a_clear_message():
    assert postcodes.lookup("XX1 1XX") is None
    assert postcodes.lookup("QQ99") is None
    assert postcodes.not_found_message(" xx1  1xx ") == (
        "We could not find the postcode ‘xx1 1xx’. Check it and try again, for example CV11 4AB or CV11."
    )


def test_letters_are_loaded_only_when_first_used(tmp_path):
    directory = postcodes.PostcodeDirectory()
    assert directory.loaded_letters() == []
    directory.lookup("CV11 4AB")
    assert directory.loaded_letters() == ["C"]
    assert postcodes.PostcodeDirectory(data_dir=tmp_path).lookup("CV11 4AB") is None  # no data: no crash
