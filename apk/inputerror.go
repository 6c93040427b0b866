package apk

import "github.com/apkscan/apkscan/errs"

// Is makes every *InputError an errs.ErrInput (errors.Is).
func (e *InputError) Is(target error) bool { return target == errs.ErrInput }
