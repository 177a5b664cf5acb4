import { compact, type Transport } from './http.js';
import type {
  AIModelName, AIModels, BackfillStatus, Briefing, BriefingRequest, CaseCategorization, CaseCategorizeRequest,
  KnowledgeAnswer, KnowledgeAskRequest, KnowledgeSearchRequest, KnowledgeSearchResults, LeadScore, ModelTraining,
  ProductRecommendRequest, ProductRecommendations, Transcription, TranscribeRequest, WinPrediction, WriteBackOptions,
} from './types.js';

/** `/ai/knowledge/*`: questions answered from published knowledge articles, and semantic search. */
export class Knowledge {
  constructor(private readonly http: Transport) {}

  ask(request: KnowledgeAskRequest): Promise<KnowledgeAnswer> {
    return this.http.request('POST', '/ai/knowledge/ask', { body: compact({ ...request }) });
  }

  search(request: KnowledgeSearchRequest): Promise<KnowledgeSearchResults> {
    return this.http.request('POST', '/ai/knowledge/search', { body: compact({ ...request }) });
  }
}

/**
 * `/ai/models`: the models learnt from your organisation's outcomes (`win`, `lead`, `recommend`). Admins and sales
 * managers list them; only an admin trains one or backfills the outcome store.
 */
export class Models {
  constructor(private readonly http: Transport) {}

  /** Every stored version with its held-out metrics, and how the predictions served did. */
  list(): Promise<AIModels> {
    return this.http.request('GET', '/ai/models');
  }

  /** Trains a model now from the outcomes stored so far: the new version, or `trained: false` and the reason. */
  train(name: AIModelName): Promise<ModelTraining> {
    return this.http.request('POST', `/ai/models/${encodeURIComponent(name)}/train`);
  }

  /** Starts filling the outcome store from the records themselves, in the background (202); or the running one's status. */
  backfill(): Promise<BackfillStatus> {
    return this.http.request('POST', '/ai/models/backfill');
  }

  /** How far the last backfill on that replica got. */
  backfillStatus(): Promise<BackfillStatus> {
    return this.http.request('GET', '/ai/models/backfill');
  }
}

/** `/ai/*`: answers from your organisation's records, read with your permissions. */
export class AI {
  readonly knowledge: Knowledge;
  readonly models: Models;

  constructor(private readonly http: Transport) {
    this.knowledge = new Knowledge(http);
    this.models = new Models(http);
  }

  /** An open lead's score is stored on its `LeadScore` when you may edit it (`writtenBack`); see `writeBack`. */
  leadScore(leadId: string, options: WriteBackOptions = {}): Promise<LeadScore> {
    return this.http.request('POST', `/ai/lead-score/${encodeURIComponent(leadId)}`,
      { query: { writeBack: options.writeBack } });
  }

  /** An open deal's prediction is stored on its AI fields when you may edit it (`writtenBack`); see `writeBack`. */
  winPrediction(opportunityId: string, options: WriteBackOptions = {}): Promise<WinPrediction> {
    return this.http.request('POST', `/ai/win-prediction/${encodeURIComponent(opportunityId)}`,
      { query: { writeBack: options.writeBack } });
  }

  briefing(request: BriefingRequest): Promise<Briefing> {
    return this.post('/ai/briefing', request);
  }

  /** Analyses a call from its `transcript` (or a recording's `audioUrl`, where speech-to-text is configured). */
  transcribe(request: TranscribeRequest): Promise<Transcription> {
    return this.post('/ai/transcribe', request);
  }

  caseCategorize(request: CaseCategorizeRequest): Promise<CaseCategorization> {
    return this.post('/ai/case-categorize', request);
  }

  productRecommend(request: ProductRecommendRequest): Promise<ProductRecommendations> {
    return this.post('/ai/product-recommend', request);
  }

  private post<T>(path: string, body: object): Promise<T> {
    return this.http.request('POST', path, { body: compact({ ...body }) });
  }
}
