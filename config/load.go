package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// maxFileSize caps the configuration and secret files read, so a wrong path
// (a log, a device) gives an error instead of eating memory.
const maxFileSize = 1 << 20

// Load returns the effective configuration: Default(), overridden by the
// YAML file at path (if path is not empty), overridden by the environment
// as getenv reports it. Secrets given as files are read. The result is
// validated: the error, if any, is an *Error that names every bad key and
// says what is wrong, including unknown keys and values of the wrong type.
//
// An environment variable set to the empty string counts as unset.
func Load(path string, getenv func(string) string) (Config, error) {
	c := Default()
	var e Error
	if path != "" {
		data, err := readFile(path)
		if err != nil {
			e.add("", "", fmt.Sprintf("cannot read the configuration file: %v", err))
			return c, &e
		}
		c.decodeYAML(path, data, &e)
	}
	if getenv != nil {
		c.applyEnv(getenv, &e)
	}
	c.resolveSecrets(&e)
	// Report every problem at once. A value that failed to decode left its
	// default in place, so validation finds only real problems; but a key
	// already reported (or a secret whose file could not be read) is not
	// reported twice.
	reported := make(map[string]bool)
	for _, p := range e.Problems {
		reported[p.Key] = true
	}
	var ve *Error
	if err := c.Validate(); err != nil && errors.As(err, &ve) {
		for _, p := range ve.Problems {
			if !reported[p.Key] && !reported[p.Key+"_file"] {
				e.Problems = append(e.Problems, p)
			}
		}
	}
	if len(e.Problems) > 0 {
		return c, &e
	}
	return c, nil
}

func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, pathErr(err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("%s: larger than %d bytes", path, maxFileSize)
	}
	return data, nil
}

// decodeYAML walks the document node by node rather than using
// Decoder.KnownFields, so each error can name the full dotted key and line
// ("bot.results", "clausebot.yaml:7") instead of a Go type.
func (c *Config) decodeYAML(path string, data []byte, e *Error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return // an empty file sets nothing
		}
		e.add("", path, fmt.Sprintf("not valid YAML: %v", strings.TrimPrefix(err.Error(), "yaml: ")))
		return
	}
	var more yaml.Node
	if err := dec.Decode(&more); err == nil {
		e.add("", fmt.Sprintf("%s:%d", path, more.Line), "more than one YAML document; put everything in one")
		return
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return
	}
	c.decodeMapping(path, root, reflect.ValueOf(c).Elem(), "", e)
}

func (c *Config) decodeMapping(path string, n *yaml.Node, v reflect.Value, prefix string, e *Error) {
	at := fmt.Sprintf("%s:%d", path, n.Line)
	if n.Kind != yaml.MappingNode {
		key := strings.TrimSuffix(prefix, ".")
		e.add(key, at, fmt.Sprintf("want a mapping of keys (%s), got %s", strings.Join(knownKeys(v.Type()), ", "), nodeKind(n)))
		return
	}
	t := v.Type()
	seen := make(map[string]bool)
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		key := prefix + kn.Value
		at := fmt.Sprintf("%s:%d", path, kn.Line)
		if seen[kn.Value] {
			e.add(key, at, "set twice in the same mapping")
			continue
		}
		seen[kn.Value] = true
		idx := -1
		for j := 0; j < t.NumField(); j++ {
			if yamlName(t.Field(j)) == kn.Value {
				idx = j
				break
			}
		}
		if idx < 0 {
			msg := "unknown key"
			if prefix == "" {
				msg += "; the keys are " + strings.Join(knownKeys(t), ", ")
			} else {
				msg += fmt.Sprintf("; the keys under %s are %s", strings.TrimSuffix(prefix, "."), strings.Join(knownKeys(t), ", "))
			}
			e.add(key, at, msg)
			continue
		}
		fv := v.Field(idx)
		if isSection(fv.Type()) {
			if vn.Kind == yaml.ScalarNode && vn.Tag == "!!null" {
				continue
			}
			c.decodeMapping(path, vn, fv, key+".", e)
			continue
		}
		if vn.Kind == yaml.ScalarNode && vn.Tag == "!!null" {
			continue // "key:" with no value leaves the default
		}
		if fv.Type() == reflect.TypeOf(Secret("")) && vn.Kind == yaml.ScalarNode && vn.Value == Redacted {
			continue // config check's "***": the secret comes from elsewhere
		}
		if msg := decodeLeaf(vn, fv); msg != "" {
			e.add(key, at, msg)
			continue
		}
		c.setOrigin(key, at)
	}
}

// decodeLeaf decodes one value into v, or returns what was wrong with it.
func decodeLeaf(n *yaml.Node, v reflect.Value) string {
	t := v.Type()
	if t.Kind() == reflect.Slice {
		if n.Kind != yaml.SequenceNode {
			// A single value for a list is a common slip; accept it.
			if n.Kind == yaml.ScalarNode {
				n = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: []*yaml.Node{n}, Line: n.Line}
			} else {
				return fmt.Sprintf("want %s, got %s", wantName(t), nodeKind(n))
			}
		}
		for _, item := range n.Content {
			if item.Kind != yaml.ScalarNode {
				return fmt.Sprintf("want %s, got a list containing %s", wantName(t), nodeKind(item))
			}
		}
	} else if n.Kind != yaml.ScalarNode {
		return fmt.Sprintf("want %s, got %s", wantName(t), nodeKind(n))
	}
	// A bare number for a string key (a chat id, a token) is fine.
	if n.Kind == yaml.SequenceNode && len(n.Content) == 0 {
		v.SetZero() // "[]" is the same as unset: no allowlist
		return ""
	}
	tmp := reflect.New(t)
	if err := n.Decode(tmp.Interface()); err != nil {
		return fmt.Sprintf("want %s, got %s", wantName(t), showNode(n))
	}
	v.Set(tmp.Elem())
	return ""
}

func nodeKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	return showNode(n)
}

func showNode(n *yaml.Node) string {
	if n.Kind == yaml.SequenceNode {
		vals := make([]string, len(n.Content))
		for i, c := range n.Content {
			vals[i] = c.Value
		}
		return fmt.Sprintf("[%s]", strings.Join(vals, ", "))
	}
	return strconv.Quote(n.Value)
}

// applyEnv overrides keys from the environment.
func (c *Config) applyEnv(getenv func(string) string, e *Error) {
	for _, f := range fieldsOf(c) {
		if f.env == "" {
			continue
		}
		raw := getenv(f.env)
		if raw == "" {
			continue
		}
		from := "env " + f.env
		if msg := parseEnv(raw, f.v); msg != "" {
			e.add(f.key, from, msg)
			continue
		}
		c.setOrigin(f.key, from)
		// A secret set in the environment replaces the file's, whichever
		// of value or _file form each used.
		for _, s := range c.secrets() {
			switch f.key {
			case s.key:
				if c.Origin(s.fileKey) != "" && !strings.HasPrefix(c.Origin(s.fileKey), "env ") {
					*s.file = ""
					delete(c.origin, s.fileKey)
				}
			case s.fileKey:
				if c.Origin(s.key) != "" && !strings.HasPrefix(c.Origin(s.key), "env ") {
					*s.val = ""
					delete(c.origin, s.key)
				}
			}
		}
	}
}

// parseEnv sets v from an environment value, or says what is wrong. Lists
// are comma-separated.
func parseEnv(raw string, v reflect.Value) string {
	t := v.Type()
	s := strings.TrimSpace(raw)
	switch {
	case t == secretType:
		v.SetString(raw) // secrets are used exactly as given
		return ""
	case t == durationType:
		d, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Sprintf("want %s, got %q", wantName(t), raw)
		}
		v.SetInt(int64(d))
		return ""
	}
	switch t.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Sprintf("want true or false, got %q", raw)
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int64:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return fmt.Sprintf("want an integer, got %q", raw)
		}
		v.SetInt(n)
	case reflect.Float64:
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return fmt.Sprintf("want a number, got %q", raw)
		}
		v.SetFloat(x)
	case reflect.Slice:
		var parts []string
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				parts = append(parts, p)
			}
		}
		out := reflect.MakeSlice(t, 0, len(parts))
		for _, p := range parts {
			if t.Elem().Kind() == reflect.Int64 {
				n, err := strconv.ParseInt(p, 10, 64)
				if err != nil {
					return fmt.Sprintf("want a comma-separated list of integers, got %q", raw)
				}
				out = reflect.Append(out, reflect.ValueOf(n))
			} else {
				out = reflect.Append(out, reflect.ValueOf(p))
			}
		}
		v.Set(out)
	default:
		return fmt.Sprintf("unsupported type %s", t)
	}
	return ""
}

// resolveSecrets reads secrets given as files.
func (c *Config) resolveSecrets(e *Error) {
	for _, s := range c.secrets() {
		if *s.file == "" {
			continue
		}
		if *s.val != "" {
			e.add(s.key, c.Origin(s.key), fmt.Sprintf("set both %s and %s; set only one", s.key, s.fileKey))
			continue
		}
		data, err := readFile(*s.file)
		if err != nil {
			e.add(s.fileKey, c.Origin(s.fileKey), fmt.Sprintf("cannot read the secret: %v", err))
			continue
		}
		// Files written by editors and `echo` end in a newline that is not
		// part of the secret.
		v := strings.TrimRight(string(data), "\r\n")
		if v == "" || strings.ContainsAny(v, "\r\n") {
			e.add(s.fileKey, c.Origin(s.fileKey), fmt.Sprintf("%s must hold the secret on one line", *s.file))
			continue
		}
		*s.val = Secret(v)
	}
}

// Effective renders the configuration as YAML that could be loaded back,
// every secret shown as "***", with a comment on each key that did not
// come from the defaults saying where it came from.
func (c *Config) Effective() ([]byte, error) {
	var root yaml.Node
	if err := root.Encode(c); err != nil {
		return nil, fmt.Errorf("config: encode: %w", err)
	}
	var annotate func(n *yaml.Node, prefix string)
	annotate = func(n *yaml.Node, prefix string) {
		if n.Kind != yaml.MappingNode {
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			key := prefix + k.Value
			if v.Kind == yaml.MappingNode {
				annotate(v, key+".")
				continue
			}
			if from := c.Origin(key); from != "" {
				// On the value, not the key: yaml.v3 misplaces a key's
				// line comment after a flow sequence.
				v.LineComment = "from " + from
			}
			// Keep lists on one line: they are short, and a flow style
			// shows an empty list as [] rather than nothing.
			if v.Kind == yaml.SequenceNode {
				v.Style = yaml.FlowStyle
			}
		}
	}
	annotate(&root, "")
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&root); err != nil {
		return nil, fmt.Errorf("config: encode: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("config: encode: %w", err)
	}
	return buf.Bytes(), nil
}
