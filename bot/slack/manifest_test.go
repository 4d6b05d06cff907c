package slack

import (
	"os"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestManifestMatchesAdapter keeps slack-app-manifest.yaml in step with what
// the adapter serves and subscribes to.
func TestManifestMatchesAdapter(t *testing.T) {
	raw, err := os.ReadFile("../../slack-app-manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Features struct {
			AppHome struct {
				HomeTab bool `yaml:"home_tab_enabled"`
			} `yaml:"app_home"`
			Shortcuts []struct {
				Name       string `yaml:"name"`
				Type       string `yaml:"type"`
				CallbackID string `yaml:"callback_id"`
			} `yaml:"shortcuts"`
			SlashCommands []struct {
				Command string `yaml:"command"`
				URL     string `yaml:"url"`
			} `yaml:"slash_commands"`
		} `yaml:"features"`
		OAuth struct {
			Scopes struct {
				Bot []string `yaml:"bot"`
			} `yaml:"scopes"`
		} `yaml:"oauth_config"`
		Settings struct {
			Events struct {
				RequestURL string   `yaml:"request_url"`
				BotEvents  []string `yaml:"bot_events"`
			} `yaml:"event_subscriptions"`
			Interactivity struct {
				Enabled    bool   `yaml:"is_enabled"`
				RequestURL string `yaml:"request_url"`
			} `yaml:"interactivity"`
			SocketMode bool `yaml:"socket_mode_enabled"`
		} `yaml:"settings"`
	}
	if err := yaml.Unmarshal(raw, &m); err != nil {
		t.Fatalf("manifest is not valid YAML: %v", err)
	}
	if len(m.Features.SlashCommands) != 1 || m.Features.SlashCommands[0].Command != "/ask" ||
		!strings.HasSuffix(m.Features.SlashCommands[0].URL, pathCommands) {
		t.Errorf("slash commands %+v, want /ask at %s", m.Features.SlashCommands, pathCommands)
	}
	for _, s := range []string{"app_mentions:read", "chat:write", "commands", "im:history"} {
		if !slices.Contains(m.OAuth.Scopes.Bot, s) {
			t.Errorf("scope %s missing", s)
		}
	}
	// Scopes the adapter does not use are left out: it posts in the
	// conversation it was written in and never opens or lists DMs.
	for _, s := range []string{"im:read", "im:write"} {
		if slices.Contains(m.OAuth.Scopes.Bot, s) {
			t.Errorf("unused scope %s requested", s)
		}
	}
	if !m.Features.AppHome.HomeTab {
		t.Error("the Home tab is off; the adapter publishes one")
	}
	if len(m.Features.Shortcuts) != 1 || m.Features.Shortcuts[0].Type != "message" ||
		m.Features.Shortcuts[0].CallbackID != ShortcutCallbackID || m.Features.Shortcuts[0].Name != "Ask clausebot about this message" {
		t.Errorf("shortcuts %+v, want the message shortcut %q", m.Features.Shortcuts, ShortcutCallbackID)
	}
	for _, e := range []string{"app_home_opened", "app_mention", "message.im"} {
		if !slices.Contains(m.Settings.Events.BotEvents, e) {
			t.Errorf("event %s missing", e)
		}
	}
	if !strings.HasSuffix(m.Settings.Events.RequestURL, pathEvents) || !strings.HasSuffix(m.Settings.Interactivity.RequestURL, pathInteractive) {
		t.Errorf("request URLs %q, %q, want …%s and …%s", m.Settings.Events.RequestURL, m.Settings.Interactivity.RequestURL, pathEvents, pathInteractive)
	}
	if !m.Settings.Interactivity.Enabled || !m.Settings.SocketMode {
		t.Error("interactivity and Socket Mode must be on")
	}
}
