package store

// SetRestoreStep lets tests stop a restore between two of its steps.
func SetRestoreStep(f func(step string)) { restoreStep = f }
