package index

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// capQuery is a query that stops after its first max matches, in the
// index's own document order: bleveQuery wraps in it a piece whose posting
// list is longer than maxPiecePostings, so that a question whose only
// pieces are very common (a one-word question, 合作, is in a third of the
// clauses of a generated 1M-clause corpus) walks a bounded share of those
// postings instead of all of them. BM25 then ranks, and coverage
// re-ranks, the clauses among the first max that hold the piece; which
// ones those are depends on the order bleve keeps, not on the question.
type capQuery struct {
	q   query.Query
	max int
}

// Searcher implements query.Query.
func (c capQuery) Searcher(ctx context.Context, i bindex.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	s, err := c.q.Searcher(ctx, i, m, opts)
	if err != nil {
		return nil, err
	}
	return &capSearcher{Searcher: s, left: c.max}, nil
}

// capSearcher returns at most left more matches from the searcher it wraps.
type capSearcher struct {
	search.Searcher
	left int
}

func (s *capSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if s.left <= 0 {
		return nil, nil
	}
	m, err := s.Searcher.Next(ctx)
	if m != nil {
		s.left--
	}
	return m, err
}

func (s *capSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	if s.left <= 0 {
		return nil, nil
	}
	m, err := s.Searcher.Advance(ctx, id)
	if m != nil {
		s.left--
	}
	return m, err
}

// Count is the wrapped searcher's estimate, at most max.
func (s *capSearcher) Count() uint64 {
	return min(s.Searcher.Count(), uint64(max(0, s.left)))
}
