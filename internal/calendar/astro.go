package calendar

import "math"

// Astronomy for the lunar calendar, from the published formulas in Jean
// Meeus, Astronomical Algorithms (2nd ed.): mean phases with periodic terms
// (ch. 49) for new moons, the low-accuracy solar coordinates (ch. 25) for
// the sun's apparent longitude, and the Espenak–Meeus polynomials for ΔT.
// Times are Julian Ephemeris Days (TD) unless stated otherwise.

const (
	rad          = math.Pi / 180
	j2000        = 2451545.0    // JDE of 2000-01-01 12:00 TD
	synodicMonth = 29.530588861 // mean synodic month in days (Meeus 49.1)
	newMoon0     = 2451550.09766
	unixEpochJDN = 2440588 // Julian Day Number of 1970-01-01
)

// newMoonTerms are the periodic terms of Meeus table 49.A for the new moon:
// coefficient, power of E, and the multiples of M (sun's mean anomaly), M'
// (moon's mean anomaly), F (argument of latitude) and Ω in the argument.
var newMoonTerms = [...]struct {
	c           float64
	e           int
	m, mp, f, o float64
}{
	{-0.40720, 0, 0, 1, 0, 0},
	{0.17241, 1, 1, 0, 0, 0},
	{0.01608, 0, 0, 2, 0, 0},
	{0.01039, 0, 0, 0, 2, 0},
	{0.00739, 1, -1, 1, 0, 0},
	{-0.00514, 1, 1, 1, 0, 0},
	{0.00208, 2, 2, 0, 0, 0},
	{-0.00111, 0, 0, 1, -2, 0},
	{-0.00057, 0, 0, 1, 2, 0},
	{0.00056, 1, 1, 2, 0, 0},
	{-0.00042, 0, 0, 3, 0, 0},
	{0.00042, 1, 1, 0, 2, 0},
	{0.00038, 1, 1, 0, -2, 0},
	{-0.00024, 1, -1, 2, 0, 0},
	{-0.00017, 0, 0, 0, 0, 1},
	{-0.00007, 0, 2, 1, 0, 0},
	{0.00004, 0, 0, 2, -2, 0},
	{0.00004, 0, 3, 0, 0, 0},
	{0.00003, 0, 1, 1, -2, 0},
	{0.00003, 0, 0, 2, 2, 0},
	{-0.00003, 0, 1, 1, 2, 0},
	{0.00003, 0, -1, 1, 2, 0},
	{-0.00002, 0, -1, 1, -2, 0},
	{-0.00002, 0, 1, 3, 0, 0},
	{0.00002, 0, 0, 4, 0, 0},
}

// planetaryTerms are Meeus' additional corrections for all phases: amplitude,
// and the argument A = a0 + a1·k (A1 also has a T² term, handled apart).
var planetaryTerms = [...]struct{ amp, a0, a1 float64 }{
	{0.000325, 299.77, 0.107408},
	{0.000165, 251.88, 0.016321},
	{0.000164, 251.83, 26.651886},
	{0.000126, 349.42, 36.412478},
	{0.000110, 84.66, 18.206239},
	{0.000062, 141.74, 53.303771},
	{0.000060, 207.14, 2.453732},
	{0.000056, 154.84, 7.306860},
	{0.000047, 34.52, 27.261239},
	{0.000042, 207.19, 0.121824},
	{0.000040, 291.34, 1.844379},
	{0.000037, 161.72, 24.198154},
	{0.000035, 239.56, 25.513099},
	{0.000023, 331.55, 3.592518},
}

// newMoonJDE returns the instant (JDE, TD) of new moon number k, where k=0 is
// the new moon of 6 January 2000. Meeus quotes an accuracy of seconds.
func newMoonJDE(k int) float64 {
	kf := float64(k)
	t := kf / 1236.85
	t2, t3, t4 := t*t, t*t*t, t*t*t*t
	jde := newMoon0 + synodicMonth*kf + 0.00015437*t2 - 0.000000150*t3 + 0.00000000073*t4
	e := 1 - 0.002516*t - 0.0000074*t2
	m := (2.5534 + 29.10535670*kf - 0.0000014*t2 - 0.00000011*t3) * rad
	mp := (201.5643 + 385.81693528*kf + 0.0107582*t2 + 0.00001238*t3 - 0.000000058*t4) * rad
	f := (160.7108 + 390.67050284*kf - 0.0016118*t2 - 0.00000227*t3 + 0.000000011*t4) * rad
	om := (124.7746 - 1.56375588*kf + 0.0020672*t2 + 0.00000215*t3) * rad
	var corr float64
	for _, tm := range newMoonTerms {
		c := tm.c
		for i := 0; i < tm.e; i++ {
			c *= e
		}
		corr += c * math.Sin(tm.m*m+tm.mp*mp+tm.f*f+tm.o*om)
	}
	for i, p := range planetaryTerms {
		a := p.a0 + p.a1*kf
		if i == 0 {
			a -= 0.009173 * t2
		}
		corr += p.amp * math.Sin(a*rad)
	}
	return jde + corr
}

// sunLongitude returns the sun's apparent geometric longitude in degrees,
// [0, 360), at instant jde (TD), accurate to about 0.01° (Meeus ch. 25).
func sunLongitude(jde float64) float64 {
	t := (jde - j2000) / 36525
	t2 := t * t
	l0 := 280.46646 + 36000.76983*t + 0.0003032*t2
	m := (357.52911 + 35999.05029*t - 0.0001537*t2) * rad
	c := (1.914602-0.004817*t-0.000014*t2)*math.Sin(m) +
		(0.019993-0.000101*t)*math.Sin(2*m) +
		0.000289*math.Sin(3*m)
	om := (125.04 - 1934.136*t) * rad
	lambda := l0 + c - 0.00569 - 0.00478*math.Sin(om) // aberration and nutation
	lambda = math.Mod(lambda, 360)
	if lambda < 0 {
		lambda += 360
	}
	return lambda
}

// deltaT returns TD − UT in seconds for decimal year y, from the polynomial
// fits published by Espenak and Meeus (NASA, 2006). Outside 1800–2150 it
// falls back to their long-term parabola; the lunar calendar does not
// depend on ΔT to better than a minute or so.
func deltaT(y float64) float64 {
	switch {
	case y < 1800 || y >= 2150:
		u := (y - 1820) / 100
		return -20 + 32*u*u
	case y < 1860:
		t := y - 1800
		return 13.72 - 0.332447*t + 0.0068612*t*t + 0.0041116*t*t*t -
			0.00037436*math.Pow(t, 4) + 0.0000121272*math.Pow(t, 5) -
			0.0000001699*math.Pow(t, 6) + 0.000000000875*math.Pow(t, 7)
	case y < 1900:
		t := y - 1860
		return 7.62 + 0.5737*t - 0.251754*t*t + 0.01680668*t*t*t -
			0.0004473624*math.Pow(t, 4) + math.Pow(t, 5)/233174
	case y < 1920:
		t := y - 1900
		return -2.79 + 1.494119*t - 0.0598939*t*t + 0.0061966*t*t*t - 0.000197*math.Pow(t, 4)
	case y < 1941:
		t := y - 1920
		return 21.20 + 0.84493*t - 0.076100*t*t + 0.0020936*t*t*t
	case y < 1961:
		t := y - 1950
		return 29.07 + 0.407*t - t*t/233 + t*t*t/2547
	case y < 1986:
		t := y - 1975
		return 45.45 + 1.067*t - t*t/260 - t*t*t/718
	case y < 2005:
		t := y - 2000
		return 63.86 + 0.3345*t - 0.060374*t*t + 0.0017275*t*t*t +
			0.000651814*math.Pow(t, 4) + 0.00002373599*math.Pow(t, 5)
	case y < 2050:
		t := y - 2000
		return 62.92 + 0.32217*t + 0.005589*t*t
	default:
		u := (y - 1820) / 100
		return -20 + 32*u*u - 0.5628*(2150-y)
	}
}

// jdeYear converts a JDE to an approximate decimal year for ΔT.
func jdeYear(jde float64) float64 { return 2000 + (jde-j2000)/365.25 }

// localDay returns the day number (days since 1970-01-01) of the civil date
// in zone UTC+tz hours at which the TD instant jde falls.
func localDay(jde float64, tz float64) int {
	ut := jde - deltaT(jdeYear(jde))/86400
	local := ut + tz/24
	return int(math.Floor(local+0.5)) - unixEpochJDN
}

// dayStartJDE returns the TD instant of 00:00 local time (UTC+tz) on day n.
func dayStartJDE(n int, tz float64) float64 {
	ut := float64(n+unixEpochJDN) - 0.5 - tz/24
	return ut + deltaT(jdeYear(ut))/86400
}

// newMoonDay returns the local civil day of new moon k.
func newMoonDay(k int, tz float64) int { return localDay(newMoonJDE(k), tz) }

// decemberSolstice returns the instant (JDE) when the sun's apparent
// longitude reaches 270° in December of year y, refined by Newton steps
// with the sun's mean motion (Meeus ch. 27 uses the same correction).
func decemberSolstice(y int) float64 {
	jde := float64(dayNum(Date{y, 12, 21})+unixEpochJDN) + 0.5
	for i := 0; i < 20; i++ {
		d := 58 * math.Sin((270-sunLongitude(jde))*rad)
		jde += d
		if math.Abs(d) < 1e-7 {
			break
		}
	}
	return jde
}

// majorTerm returns the index (0..11) of the last major solar term
// (zhongqi, a multiple of 30° of solar longitude) reached by 00:00 local
// time on day n. A lunar month contains a major term exactly when this index
// differs between its first day and the next month's first day.
func majorTerm(n int, tz float64) int {
	return int(sunLongitude(dayStartJDE(n, tz)) / 30)
}
