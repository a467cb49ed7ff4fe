package sandbox

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/payment/provider"
)

// Limits of GET /ledger.
const (
	// DefaultLedgerPage is how many entries a ledger page holds when no
	// limit is asked for.
	DefaultLedgerPage = 50
	// MaxLedgerPage is the most a ledger page holds.
	MaxLedgerPage = 200
)

// LedgerEntry is one entry of the provider's ledger of a day: the client's
// type, one wire format.
type LedgerEntry = provider.LedgerEntry

// Ledger returns the provider's ledger of the UTC day: every payment that
// occurred and every refund taken that day, oldest first (ties by
// reference), as a provider's daily statement lists them.
func (p *Provider) Ledger(day time.Time) []LedgerEntry {
	from := day.UTC().Truncate(24 * time.Hour)
	to := from.Add(24 * time.Hour)
	within := func(t time.Time) bool { return !t.Before(from) && t.Before(to) }
	p.mu.Lock()
	var out []LedgerEntry
	for _, pays := range p.payments {
		for _, pay := range pays {
			if within(pay.OccurredAt) {
				out = append(out, LedgerEntry{Type: provider.EntryPayment, OrderID: pay.OrderID, TxnID: pay.TxnID,
					Amount: pay.Amount, Currency: pay.Currency, Status: pay.Status, At: pay.OccurredAt.UTC()})
			}
		}
	}
	for _, rf := range p.refundIDs {
		if within(rf.createdAt) {
			out = append(out, LedgerEntry{Type: provider.EntryRefund, OrderID: p.txnOrders[rf.req.TxnID],
				TxnID: rf.req.TxnID, RefundID: rf.req.RefundID, Amount: rf.req.Amount, Currency: rf.req.Currency,
				Status: rf.status, At: rf.createdAt})
		}
	}
	p.mu.Unlock()
	slices.SortFunc(out, func(a, b LedgerEntry) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.Type, b.Type), cmp.Compare(a.TxnID+a.RefundID, b.TxnID+b.RefundID))
	})
	return out
}

// ledgerPage is the answer of GET /ledger.
type ledgerPage struct {
	Day     string        `json:"day"`
	Entries []LedgerEntry `json:"entries"`
	// NextCursor continues the list; empty on the last page.
	NextCursor string `json:"next_cursor"`
}

// handleLedger serves GET /ledger?day=YYYY-MM-DD[&limit=N][&cursor=C]. The
// cursor is the offset of the page in the day's list: the sandbox keeps
// no state between pages, a real provider's cursor is its own.
func (p *Provider) handleLedger(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var ps httpapi.Details
	day, err := time.Parse(time.DateOnly, q.Get("day"))
	if err != nil {
		ps.Add("day", "must be a date YYYY-MM-DD")
	}
	limit := queryInt(q.Get("limit"), DefaultLedgerPage)
	if limit < 1 || limit > MaxLedgerPage {
		ps.Add("limit", "must be 1 to "+strconv.Itoa(MaxLedgerPage))
	}
	offset := queryInt(q.Get("cursor"), 0)
	if offset < 0 {
		ps.Add("cursor", "must be a cursor this endpoint answered")
	}
	if len(ps) > 0 {
		httpapi.WriteError(w, ps.Invalid())
		return
	}
	all := p.Ledger(day)
	from := min(offset, len(all)) // a cursor past the end (or near MaxInt) reads nothing
	to := from + min(limit, len(all)-from)
	page := ledgerPage{Day: day.Format(time.DateOnly), Entries: all[from:to]}
	if to < len(all) {
		page.NextCursor = strconv.Itoa(to)
	}
	if page.Entries == nil {
		page.Entries = []LedgerEntry{}
	}
	httpapi.WriteJSON(w, http.StatusOK, page)
}

// queryInt reads a non-negative decimal query value; empty is def, and
// anything else not a number is -1.
func queryInt(s string, def int) int {
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return -1
	}
	return n
}
