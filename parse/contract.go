package parse

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/medbot/medbot"
)

// TimeLayout is RFC 3339 to the second with a numeric offset ("+00:00",
// never "Z"), the form of the contract's "at".
const TimeLayout = "2006-01-02T15:04:05-07:00"

// Input is one line of the machine-readable contract: a message.
// Unknown fields are ignored.
type Input struct {
	ID     json.RawMessage `json:"id"`
	Sender string          `json:"sender"`
	At     string          `json:"at"`
	Text   *string         `json:"text"`
}

// JSONObservation is an observation as the contract writes it. Fields that
// do not apply to its kind are left out; a medication's dose and unit are
// null when the message gave none.
type JSONObservation struct {
	Kind  medbot.Kind `json:"kind"`
	Child *string     `json:"child"`
	At    string      `json:"at"`
	Value *float64    `json:"value,omitempty"`
	Name  string      `json:"name,omitempty"`
	// Dose and Unit are written for medications only, as null when unknown.
	Dose *float64 `json:"-"`
	Unit *string  `json:"-"`
	Text string   `json:"text,omitempty"`
	// Sender, Message and Retracted are written by medbot export (who
	// wrote it, the words, whether it was withdrawn), never by the parser.
	Sender    string `json:"sender,omitempty"`
	Message   string `json:"message,omitempty"`
	Retracted *bool  `json:"retracted,omitempty"`
}

// MarshalJSON writes dose and unit (null when unknown) for medications only.
func (o JSONObservation) MarshalJSON() ([]byte, error) {
	type plain JSONObservation
	b, err := json.Marshal(plain(o))
	if err != nil || o.Kind != medbot.Medication {
		return b, err
	}
	d, _ := json.Marshal(o.Dose)
	u, _ := json.Marshal(o.Unit)
	b = b[:len(b)-1]
	b = append(b, `,"dose":`...)
	b = append(b, d...)
	b = append(b, `,"unit":`...)
	b = append(b, u...)
	return append(b, '}'), nil
}

// ToJSON converts an observation to its contract form.
func ToJSON(o medbot.Observation) JSONObservation {
	j := JSONObservation{Kind: o.Kind, At: o.At.Format(TimeLayout)}
	if o.Child != "" {
		c := o.Child
		j.Child = &c
	}
	switch o.Kind.Info().Class {
	case medbot.ReadingClass:
		v := o.Value
		j.Value = &v
	case medbot.DoseClass:
		j.Name = o.Name
		if o.HasDose {
			d := o.Dose
			j.Dose = &d
		}
		if o.Unit != "" {
			u := o.Unit
			j.Unit = &u
		}
	case medbot.EventClass:
		j.Name = o.Name
		j.Text = o.Text
	case medbot.NoteClass:
		j.Text = o.Text
	}
	return j
}

// Output is one line of the contract's answer.
type Output struct {
	ID           json.RawMessage   `json:"id"`
	Observations []JSONObservation `json:"observations,omitempty"`
	Error        string            `json:"error,omitempty"`
}

// MarshalJSON always writes observations (as [] when none), unless the
// line is an error.
func (o Output) MarshalJSON() ([]byte, error) {
	id := o.ID
	if len(id) == 0 {
		id = json.RawMessage("null")
	}
	if o.Error != "" {
		return json.Marshal(struct {
			ID    json.RawMessage `json:"id"`
			Error string          `json:"error"`
		}{id, o.Error})
	}
	obs := o.Observations
	if obs == nil {
		obs = []JSONObservation{}
	}
	return json.Marshal(struct {
		ID           json.RawMessage   `json:"id"`
		Observations []JSONObservation `json:"observations"`
	}{id, obs})
}

// ErrNoTime is returned by DecodeInput for a line without a valid "at".
var ErrNoTime = errors.New(`"at" must be an RFC 3339 time`)

// DecodeInput reads one contract line.
func DecodeInput(line []byte) (Input, time.Time, error) {
	var in Input
	if err := json.Unmarshal(line, &in); err != nil {
		return Input{}, time.Time{}, fmt.Errorf("not a JSON message: %w", err)
	}
	if len(in.ID) > 0 && !validID(in.ID) {
		in.ID = nil
		return in, time.Time{}, errors.New(`"id" must be a string or a number`)
	}
	at, err := time.Parse(time.RFC3339Nano, in.At)
	if err != nil {
		return in, time.Time{}, ErrNoTime
	}
	if in.Text == nil {
		return in, at, errors.New(`"text" is missing`)
	}
	return in, at, nil
}

func validID(id json.RawMessage) bool {
	id = bytes.TrimSpace(id)
	if len(id) == 0 {
		return false
	}
	switch id[0] {
	case '"', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'n':
		return true
	}
	return false
}

// ParseLine answers one line of the contract: a message in, its
// observations out (or an error line that names what is wrong).
func (p *Parser) ParseLine(line []byte) Output {
	in, at, err := DecodeInput(line)
	if err != nil {
		return Output{ID: in.ID, Error: err.Error()}
	}
	obs := p.Parse(*in.Text, at)
	out := Output{ID: in.ID, Observations: make([]JSONObservation, len(obs))}
	for i, o := range obs {
		out.Observations[i] = ToJSON(o)
	}
	return out
}
