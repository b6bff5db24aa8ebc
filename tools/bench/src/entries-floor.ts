// The entries floor: the backend's own list and insert statements on one pg pool, behind bare Express routes.
import { Router } from 'express';
import type pg from 'pg';
import { insertEntry, listEntries } from '@tenantry/backend';

export function entriesFloorRouter(pool: pg.Pool): Router {
  const router = Router();
  router.get('/api/entries', async (req, res) => {
    const items = await listEntries(pool, { sort: '-created_at', limit: Number(req.query['limit'] ?? 20) });
    res.json({ items });
  });
  router.post('/api/entries', async (req, res) => {
    const { title = '', body = '', status = 'draft', tags = [] } = req.body as { title?: string; body?: string; status?: 'draft'; tags?: string[] };
    res.status(201).json(await insertEntry(pool, { title, body, status, tags, author: 'floor' }));
  });
  return router;
}
