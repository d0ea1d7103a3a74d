import type { Generated } from 'kysely';

export interface MediaFileTable {
  id: Generated<number>;
  token: string;
  owner_user_id: number;
  content_type: string;
  bytes: number;
  width: number | null;
  height: number | null;
  sha256: string;
  data: Buffer;
  thumbnail: Buffer | null;
  created_at: Date;
}

export interface MediaTables {
  'media.files': MediaFileTable;
}
