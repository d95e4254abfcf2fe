package srs

// LogFinal is the kind of an answer in the final drill before an interview
// (aipm review --final) on a card that is not due: logged, schedules
// nothing.
const LogFinal LogKind = "final"
