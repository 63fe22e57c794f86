/**
 * The JSON carried in the `metadata` form field of the two multipart uploads. The OpenAPI spec describes that
 * field only as a string, so these two shapes cannot be generated yet; they are built from generated enum
 * types and mirror `IncomingCreate` / `OutgoingCreate` of the backend. Once the spec publishes those models
 * (docs/FRONTEND.md, "Gaps"), replace them with `Schemas['IncomingCreate']` / `Schemas['OutgoingCreate']`.
 */
import type { Schemas } from './client';

interface CommonMetadata {
  title: string;
  doc_type: Schemas['DocumentType'];
  urgency: Schemas['Urgency'];
  secrecy: Schemas['Secrecy'];
  deadline: string | null;
  pages?: number | null;
  named_user_ids?: number[];
}

export interface IncomingMetadata extends CommonMetadata {
  issuer: string;
  number: string;
  symbol: string;
  issue_date: string | null;
}

export interface OutgoingMetadata extends CommonMetadata {
  recipients?: Schemas['RecipientIn'][];
  replaces?: Schemas['ReplacesIn'] | null;
  answers?: number[];
}
