package exodus

// knownVendors maps Exodus tracker ids to curated vendor ids
// (sdkdb/data/vendors). Trackers not listed get a vendor generated from the
// Exodus "Ownership" section or the tracker name (see vendorFor).
//
// Only attributions that are well established are listed: products of the
// listed company or of a company it acquired.
var knownVendors = map[int]string{
	// Google
	5: "google", 27: "google", 48: "google", 49: "google", 71: "google", 105: "google",
	240: "google", // Cordova plugin sending to Google Analytics
	312: "google", 387: "google", 400: "google",
	// Meta / Facebook
	47: "meta", 65: "meta", 66: "meta", 67: "meta", 68: "meta", 69: "meta", 70: "meta",
	91: "meta", 392: "meta", 403: "meta",
	// Amazon
	92: "amazon", 93: "amazon", 95: "amazon", 423: "amazon",
	// Microsoft
	26: "microsoft", 63: "microsoft", 238: "microsoft", 243: "microsoft",
	// Yahoo (Flurry; Oath/Verizon Media ad products)
	25: "yahoo", 33: "yahoo", 107: "yahoo", 320: "yahoo", 374: "yahoo",
	// Twitter / X
	35: "twitter",
	// Adobe
	40: "adobe", 43: "adobe", 229: "adobe", 430: "adobe",
	// Salesforce
	3: "salesforce", 42: "salesforce", 220: "salesforce",
	// Oracle
	61: "oracle", 153: "oracle",
	// Tencent
	76: "tencent", 112: "tencent", 113: "tencent", 114: "tencent", 116: "tencent",
	117: "tencent", 190: "tencent",
	// Baidu
	75: "baidu", 96: "baidu", 97: "baidu", 99: "baidu", 100: "baidu", 101: "baidu", 103: "baidu",
	// Alibaba (Umeng, Alimama, AutoNavi/Amap)
	119: "alibaba", 120: "alibaba", 338: "alibaba", 361: "alibaba",
	// Yandex
	124: "yandex", 140: "yandex",
	// Huawei
	333: "huawei",
	// Snap
	413: "snap", 433: "snap",
	// VK (Mail.ru Group)
	175: "vk", 198: "vk", 336: "vk", 382: "vk",
	// Unity, ironSource, AppLovin
	121: "unity", 110: "ironsource", 146: "ironsource", 72: "applovin",
	// Single-product vendors with curated vendor entries
	12: "appsflyer", 17: "braze", 52: "adjust", 428: "adjust", 62: "twilio", 118: "mixpanel",
	125: "amplitude", 130: "new-relic", 167: "branch", 174: "clevertap", 193: "onesignal",
	206: "instabug", 207: "smartbear", 447: "sentry",
}

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

// idOverrides gives imported entries the id of the curated entry that
// supersedes them, so an SDK keeps one id whether curated or not.
var idOverrides = map[int]string{
	17: "braze", 48: "google-analytics", 49: "google-firebase-analytics", 52: "adjust",
	62: "segment", 95: "aws-pinpoint", 118: "mixpanel", 125: "amplitude", 130: "new-relic",
	140: "yandex-appmetrica", 167: "branch", 174: "clevertap", 193: "onesignal",
	206: "instabug", 207: "bugsnag", 238: "microsoft-appcenter-crashes",
	243: "microsoft-appcenter-analytics", 333: "huawei-hms-analytics",
	423: "aws-amplify-analytics", 447: "sentry",
}
