package data

// The order of new cards in a sitting: deck by deck (the default, as
// Anki's "deck order"), or round-robin across decks.

// SetNewOrder sets whether new cards are drawn round-robin across decks
// (the first new card of each deck in deck order, then the second of
// each, …) instead of deck by deck. It is the config key new_order.
func (s *Store) SetNewOrder(mix bool) { s.mixNew = mix }

// newOrder is the ORDER BY of the new cards of Plan, on cards c.
func (s *Store) newOrder() string {
	if s.mixNew {
		return "row_number() OVER (PARTITION BY c.deck_id ORDER BY c.ord), c.deck_ord, c.ord"
	}
	return "c.deck_ord, c.ord"
}
