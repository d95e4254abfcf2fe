package deck

var corpusDir = "../../shared/corpora"
