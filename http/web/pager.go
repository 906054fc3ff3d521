package web

// pager is a list's place among its pages, for the pager under it.
type pager struct {
	Page, Pages int
	Prev, Next  string // addresses of the neighbouring pages, empty at the ends
}

// newPager places page among the pages of total items, size to a page,
// whose addresses at gives (at(n) is page n's). A list of nothing has one
// page, empty; ok is false past the last page.
func newPager(total, size, page int, at func(n int) string) (p pager, ok bool) {
	p = pager{Page: page, Pages: max(1, (total+size-1)/size)}
	if page > 1 {
		p.Prev = at(page - 1)
	}
	if page < p.Pages {
		p.Next = at(page + 1)
	}
	return p, page <= p.Pages
}
