package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"flashback"
)

// MediaStore keeps images in the database, so that a backup holds them too.
type MediaStore struct {
	db *DB
}

var _ flashback.MediaStore = (*MediaStore)(nil)

// NewMediaStore returns the media store of db.
func NewMediaStore(db *DB) *MediaStore { return &MediaStore{db: db} }

// PutMedia stores m once; the hash names the content, so a second copy
// would be the same bytes.
func (s *MediaStore) PutMedia(ctx context.Context, m *flashback.Media) error {
	if _, ok := flashback.MediaTypes[m.ContentType]; !ok {
		return flashback.Errorf(flashback.EINVALID, "Media of type %q is not kept.", m.ContentType)
	}
	_, err := s.db.pool.Exec(ctx, `INSERT INTO media (hash, content_type, data, width, height, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (hash) DO NOTHING`,
		m.Hash, m.ContentType, m.Data, m.Width, m.Height, s.db.txNow())
	if err != nil {
		return fmt.Errorf("store media: %w", err)
	}
	return nil
}

// FindMedia returns the media named hash, or ENOTFOUND.
func (s *MediaStore) FindMedia(ctx context.Context, hash string) (*flashback.Media, error) {
	m := &flashback.Media{Hash: hash}
	err := s.db.pool.QueryRow(ctx, `SELECT content_type, data, width, height FROM media WHERE hash = $1`, hash).
		Scan(&m.ContentType, &m.Data, &m.Width, &m.Height)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, flashback.Errorf(flashback.ENOTFOUND, "There is no media %s.", hash)
	} else if err != nil {
		return nil, fmt.Errorf("find media: %w", err)
	}
	return m, nil
}
