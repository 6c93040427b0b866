package exodus

// countryCodes maps country names used in Exodus "Primary Location"
// sections to ISO 3166-1 alpha-2 codes.
var countryCodes = map[string]string{
	"united states": "US", "usa": "US", "france": "FR", "israel": "IL", "germany": "DE",
	"united kingdom": "GB", "uk": "GB", "ireland": "IE", "netherlands": "NL", "spain": "ES",
	"italy": "IT", "sweden": "SE", "finland": "FI", "denmark": "DK", "norway": "NO",
	"poland": "PL", "switzerland": "CH", "austria": "AT", "belgium": "BE", "canada": "CA",
	"china": "CN", "japan": "JP", "south korea": "KR", "korea": "KR", "india": "IN",
	"singapore": "SG", "russia": "RU", "brazil": "BR", "australia": "AU", "luxembourg": "LU",
	"czech republic": "CZ", "estonia": "EE", "lithuania": "LT", "ukraine": "UA",
	"turkey": "TR", "vietnam": "VN", "taiwan": "TW", "hong kong": "HK", "portugal": "PT",
}
