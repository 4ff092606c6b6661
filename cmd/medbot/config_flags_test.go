package main

import (
	"strings"
	"testing"
	"time"

	"github.com/medbot/medbot"
)

const flagsConfig = `timezone = "Europe/London"

[flags]
nhs = false
fever = 38.5
fever_source = "the German S3 guideline"

[flags.amber]
recheck = "30m"

[flags.red]
recheck = "15m"

[[child]]
name = "Freya"
born = "2026-10-02"

[[child]]
name = "Rory"
born = "2024-06"

[child.plan]
spo2 = 92
spo2_says = "sats below 92 % → call 999"
reliever = "blue inhaler"
reliever_every = "4h"
reliever_says = "more often than every 4 hours → see a doctor today"
level = "red"

[[child]]
name = "Ada"
`

func TestFlagsConfig(t *testing.T) {
	c, err := parseConfig([]byte(flagsConfig), "")
	if err != nil {
		t.Fatal(err)
	}
	f := c.Family
	if !f.Flags.Off[medbot.NHS] || f.Flags.Off[medbot.NICE] || f.Fever() != 38.5 || f.Flags.FeverSource != "the German S3 guideline" {
		t.Errorf("flags %+v", f.Flags)
	}
	if f.Flags.Recheck[medbot.Amber] != 30*time.Minute || f.Flags.Recheck[medbot.Red] != 15*time.Minute {
		t.Errorf("rechecks %v", f.Flags.Recheck)
	}
	freya, rory := f.Children[0], f.Children[1]
	if !freya.Born.Equal(time.Date(2026, 10, 2, 0, 0, 0, 0, f.Zone)) || freya.BornMonthOnly {
		t.Errorf("Freya born %v %v", freya.Born, freya.BornMonthOnly)
	}
	if !rory.BornMonthOnly || rory.Born.Month() != time.June {
		t.Errorf("Rory born %v %v", rory.Born, rory.BornMonthOnly)
	}
	p := rory.Plan
	if p.SpO2 != 92 || p.Reliever != "salbutamol" || p.RelieverWord != "blue inhaler" || p.RelieverEvery != 4*time.Hour || p.Level != medbot.Red || !strings.Contains(p.RelieverSays, "see a doctor") {
		t.Errorf("plan %+v", p)
	}
	off := strings.Join(flagsOff(f), "\n")
	if !strings.Contains(off, "NHS flags are off ([flags] nhs = false)") || !strings.Contains(off, "Ada has no born date") || strings.Contains(off, "Rory has no born date") {
		t.Errorf("check says:\n%s", off)
	}
}

func TestFlagsConfigMistakes(t *testing.T) {
	for _, tc := range []struct{ toml, want string }{
		{"[flags]\nfever = 40\n[[child]]\nname = \"R\"\n", "flags.fever: 40 °C is not a fever line"},
		{"[flags.amber]\nrecheck = \"1m\"\n[[child]]\nname = \"R\"\n", "flags.amber.recheck: 1m: a recheck between 5m and 24h"},
		{"[[child]]\nname = \"R\"\nborn = \"14/09/2025\"\n", `child[0].born: "14/09/2025" is not a date such as 2025-09-14`},
		{"[[child]]\nname = \"R\"\nborn = \"2099-01-01\"\n", `child[0].born: "2099-01-01" is in the future`},
		{"[[child]]\nname = \"R\"\n[child.plan]\nspo2 = 92\n", "child[0].plan.spo2_says: missing: write what the plan says"},
		{"[[child]]\nname = \"R\"\n[child.plan]\nreliever = \"purple inhaler\"\nreliever_every = \"4h\"\nreliever_says = \"x\"\n", `child[0].plan.reliever: "purple inhaler" is not one of the family's medicines`},
		{"[[child]]\nname = \"R\"\n[child.plan]\nsp02 = 92\n", "child.plan.sp02: unknown key: did you mean spo2?"},
		{"[flags]\nnice = false\nnhs = false\nplan = false\nnise = true\n[[child]]\nname = \"R\"\n", "flags.nise: unknown key: did you mean nice?"},
	} {
		_, err := parseConfig([]byte("timezone = \"Europe/London\"\n"+tc.toml), "")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.toml, err, tc.want)
		}
	}
}

// TestMachineZoneByName: a configuration without a timezone takes this
// machine's by its real name, never "Local".
func TestMachineZoneByName(t *testing.T) {
	t.Setenv("TZ", "Europe/Berlin")
	c, err := parseConfig([]byte("[[child]]\nname = \"R\"\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	if c.ZoneName != "Europe/Berlin" || c.Family.Zone.String() != "Europe/Berlin" {
		t.Errorf("zone %q %q", c.ZoneName, c.Family.Zone)
	}
}

// TestOtherLanguagesRefused: a language medbot does not read is refused
// in plain words, never misread with another language's rules.
func TestOtherLanguagesRefused(t *testing.T) {
	_, err := parseConfig([]byte("language = \"nl\"\n[[child]]\nname = \"R\"\n"), "")
	if err == nil || !strings.Contains(err.Error(), `language: "nl" is not a language medbot reads yet: it reads English ("en") and German ("de")`) {
		t.Errorf("nl: %v", err)
	}
	c, err := parseConfig([]byte("language = \"de\"\n[flags]\nfever = 38.0\n[[child]]\nname = \"R\"\n[[medication]]\nname = \"paracetamol\"\nmin_interval = \"4h\"\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	para, _ := c.Family.Medication("paracetamol")
	if line, src := c.Family.FeverLine(); line != 38.0 || src != "your settings" || para.MinInterval != 4*time.Hour {
		t.Errorf("the family's own lines over the locale's: fever %v (%s), paracetamol %v", line, src, para.MinInterval)
	}
}
