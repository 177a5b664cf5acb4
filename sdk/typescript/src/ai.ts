import { compact, type Transport } from './http.js';
import type {
  Briefing, BriefingRequest, CaseCategorization, CaseCategorizeRequest, KnowledgeAnswer, KnowledgeAskRequest,
  KnowledgeSearchRequest, KnowledgeSearchResults, LeadScore, ProductRecommendRequest, ProductRecommendations,
  Transcription, TranscribeRequest, WinPrediction,
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

/** `/ai/*`: answers from your organisation's records, read with your permissions. */
export class AI {
  readonly knowledge: Knowledge;

  constructor(private readonly http: Transport) {
    this.knowledge = new Knowledge(http);
  }

  leadScore(leadId: string): Promise<LeadScore> {
    return this.http.request('POST', `/ai/lead-score/${encodeURIComponent(leadId)}`);
  }

  winPrediction(opportunityId: string): Promise<WinPrediction> {
    return this.http.request('POST', `/ai/win-prediction/${encodeURIComponent(opportunityId)}`);
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
