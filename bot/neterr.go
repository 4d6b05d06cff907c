package bot

import (
	"encoding/json"
	"errors"
	"net/url"
	"strings"
)

// Permanent reports whether err from an HTTP client call is one that no
// retry can cure, because the request could not be built or sent as
// written: a URL that does not parse, has no host or has a scheme the
// client does not speak, or a body that cannot be encoded. Adapters retry
// network failures, but never these: retrying them only holds a handler for
// the whole backoff. A platform's answer (a 4xx or 5xx) is not judged here;
// the adapter reads its status.
func Permanent(err error) bool {
	if err == nil {
		return false
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		if ue.Op == "parse" {
			return true
		}
		// net/http's own refusals before anything is sent; their error
		// values are not exported, so they are known by their text.
		msg := ue.Err.Error()
		if strings.Contains(msg, "unsupported protocol scheme") || strings.Contains(msg, "no Host in request URL") {
			return true
		}
	}
	var (
		ute *json.UnsupportedTypeError
		uve *json.UnsupportedValueError
		me  *json.MarshalerError
	)
	return errors.As(err, &ute) || errors.As(err, &uve) || errors.As(err, &me)
}
