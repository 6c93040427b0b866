package taint

import "strconv"

func fmtSscanQuoted(s string, out *string) (int, error) {
	v, err := strconv.Unquote(s)
	if err != nil {
		return 0, err
	}
	*out = v
	return 1, nil
}
