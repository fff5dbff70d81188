"""Points on the map: British National Grid to latitude and longitude, and distances between places.

Postcodes come with Ordnance Survey grid references (OSGB36 easting and northing, in metres); locations
carry WGS84 latitude and longitude, as Open Referral UK publishes them. ``grid_to_wgs84`` follows
"A guide to coordinate systems in Great Britain" (Ordnance Survey): the inverse transverse Mercator
projection on the Airy 1830 ellipsoid, then a seven-parameter Helmert transformation from OSGB36 to
WGS84 (GRS80 ellipsoid). The Helmert step is good to about 5 metres, plenty for "2.3 miles away".
Distances are great-circle (haversine) on a sphere of the Earth's mean radius.
"""

from __future__ import annotations

import math
from typing import NamedTuple

# Airy 1830 ellipsoid and the National Grid's projection constants.
_AIRY_A, _AIRY_B = 6377563.396, 6356256.909
_F0 = 0.9996012717  # scale factor on the central meridian
_PHI0, _LAMBDA0 = math.radians(49.0), math.radians(-2.0)  # true origin
_E0, _N0 = 400000.0, -100000.0  # false origin
# GRS80 ellipsoid (WGS84 to the accuracy that matters here).
_GRS80_A, _GRS80_B = 6378137.000, 6356752.3141
# OSGB36 -> WGS84: the guide's WGS84 -> OSGB36 parameters with their signs changed.
_TX, _TY, _TZ = 446.448, -125.157, 542.060  # metres
_SCALE = -20.4894e-6
_RX, _RY, _RZ = (math.radians(seconds / 3600) for seconds in (0.1502, 0.2470, 0.8421))

EARTH_RADIUS_MILES = 3958.7613
METRES_PER_MILE = 1609.344


class LatLon(NamedTuple):
    latitude: float
    longitude: float


def _meridional_arc(phi: float) -> float:
    """M: the developed arc of the meridian from the true origin's latitude to ``phi`` (guide, C1)."""
    a, b = _AIRY_A, _AIRY_B
    n = (a - b) / (a + b)
    d, s = phi - _PHI0, phi + _PHI0
    return (
        b
        * _F0
        * (
            (1 + n + 5 / 4 * n**2 + 5 / 4 * n**3) * d
            - (3 * n + 3 * n**2 + 21 / 8 * n**3) * math.sin(d) * math.cos(s)
            + (15 / 8 * n**2 + 15 / 8 * n**3) * math.sin(2 * d) * math.cos(2 * s)
            - 35 / 24 * n**3 * math.sin(3 * d) * math.cos(3 * s)
        )
    )


def grid_to_osgb36(easting: float, northing: float) -> LatLon:
    """OSGB36 latitude and longitude (degrees) of a National Grid reference (guide, annex C.2)."""
    a, e2 = _AIRY_A, 1 - (_AIRY_B / _AIRY_A) ** 2
    phi = (northing - _N0) / (a * _F0) + _PHI0
    while True:  # iterate until the meridian arc matches the northing to 0.01 mm
        gap = northing - _N0 - _meridional_arc(phi)
        if abs(gap) < 0.00001:
            break
        phi += gap / (a * _F0)
    sin_phi, tan_phi, sec_phi = math.sin(phi), math.tan(phi), 1 / math.cos(phi)
    nu = a * _F0 / math.sqrt(1 - e2 * sin_phi**2)
    rho = a * _F0 * (1 - e2) / (1 - e2 * sin_phi**2) ** 1.5
    eta2 = nu / rho - 1
    t2, t4 = tan_phi**2, tan_phi**4
    vii = tan_phi / (2 * rho * nu)
    viii = tan_phi / (24 * rho * nu**3) * (5 + 3 * t2 + eta2 - 9 * t2 * eta2)
    ix = tan_phi / (720 * rho * nu**5) * (61 + 90 * t2 + 45 * t4)
    x = sec_phi / nu
    xi = sec_phi / (6 * nu**3) * (nu / rho + 2 * t2)
    xii = sec_phi / (120 * nu**5) * (5 + 28 * t2 + 24 * t4)
    xiia = sec_phi / (5040 * nu**7) * (61 + 662 * t2 + 1320 * t4 + 720 * tan_phi**6)
    de = easting - _E0
    latitude = phi - vii * de**2 + viii * de**4 - ix * de**6
    longitude = _LAMBDA0 + x * de - xi * de**3 + xii * de**5 - xiia * de**7
    return LatLon(math.degrees(latitude), math.degrees(longitude))


def _to_cartesian(point: LatLon, a: float, b: float) -> tuple[float, float, float]:
    phi, lam = math.radians(point.latitude), math.radians(point.longitude)
    e2 = 1 - (b / a) ** 2
    nu = a / math.sqrt(1 - e2 * math.sin(phi) ** 2)
    return (
        nu * math.cos(phi) * math.cos(lam),
        nu * math.cos(phi) * math.sin(lam),
        (1 - e2) * nu * math.sin(phi),
    )


def _from_cartesian(x: float, y: float, z: float, a: float, b: float) -> LatLon:
    e2 = 1 - (b / a) ** 2
    p = math.hypot(x, y)
    phi = math.atan2(z, p * (1 - e2))
    for _ in range(10):  # converges to far below a millimetre in three or four rounds
        nu = a / math.sqrt(1 - e2 * math.sin(phi) ** 2)
        phi = math.atan2(z + e2 * nu * math.sin(phi), p)
    return LatLon(math.degrees(phi), math.degrees(math.atan2(y, x)))


def osgb36_to_wgs84(point: LatLon) -> LatLon:
    """The Helmert transformation (guide, section 6.6), small-angle form."""
    x, y, z = _to_cartesian(point, _AIRY_A, _AIRY_B)
    s = 1 + _SCALE
    x2 = _TX + s * x - _RZ * y + _RY * z
    y2 = _TY + _RZ * x + s * y - _RX * z
    z2 = _TZ - _RY * x + _RX * y + s * z
    return _from_cartesian(x2, y2, z2, _GRS80_A, _GRS80_B)


def grid_to_wgs84(easting: float, northing: float) -> LatLon:
    """WGS84 latitude and longitude (degrees) of a National Grid reference, to about 5 metres."""
    return osgb36_to_wgs84(grid_to_osgb36(easting, northing))


def miles_between(a: LatLon, b: LatLon) -> float:
    """Great-circle distance in miles (haversine)."""
    phi1, phi2 = math.radians(a.latitude), math.radians(b.latitude)
    d_phi, d_lam = phi2 - phi1, math.radians(b.longitude - a.longitude)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lam / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))


def box_around(centre: LatLon, miles: float) -> tuple[float, float, float, float]:
    """(south, north, west, east) in degrees: a box holding every point within ``miles`` of ``centre``."""
    d_lat = math.degrees(miles / EARTH_RADIUS_MILES)
    d_lon = d_lat / max(0.01, math.cos(math.radians(centre.latitude)))
    return centre.latitude - d_lat, centre.latitude + d_lat, centre.longitude - d_lon, centre.longitude + d_lon
