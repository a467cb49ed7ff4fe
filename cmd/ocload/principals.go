package main

import (
	"fmt"
	"time"

	"github.com/ordercenter/ordercenter/shared/auth"
)

// principals are the bearer tokens of the workload's callers, signed
// before the clock starts: users u-load-<i>, one merchant per store
// (m-<store>) and riders r-load-<i>.
type principals struct {
	users, merchants, riders []string
}

// signPrincipals signs every token with secret (the first key of the
// order center's jwt-secret), valid for ttl.
func signPrincipals(secret []byte, users, riders int, stores []shop, ttl time.Duration) (principals, error) {
	var p principals
	now := time.Now()
	sign := func(pr auth.Principal) (string, error) { return auth.Sign(secret, pr, ttl, now) }
	for i := range users {
		tok, err := sign(auth.Principal{Subject: fmt.Sprintf("u-load-%d", i), Role: auth.RoleUser})
		if err != nil {
			return p, fmt.Errorf("sign a user's token: %w", err)
		}
		p.users = append(p.users, tok)
	}
	for _, s := range stores {
		tok, err := sign(auth.Principal{Subject: "m-" + s.id, Role: auth.RoleMerchant, StoreID: s.id})
		if err != nil {
			return p, fmt.Errorf("sign a merchant's token: %w", err)
		}
		p.merchants = append(p.merchants, tok)
	}
	for i := range riders {
		tok, err := sign(auth.Principal{Subject: fmt.Sprintf("r-load-%d", i), Role: auth.RoleRider})
		if err != nil {
			return p, fmt.Errorf("sign a rider's token: %w", err)
		}
		p.riders = append(p.riders, tok)
	}
	return p, nil
}
