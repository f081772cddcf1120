// Every port the use-cases depend on, in one place. Adapters in lib/adapters implement them.
export type {
  EventPublisher,
  ParameterSource,
  PublishResult,
  StoredParameter,
  TopicChannel,
  WebhookChannel,
} from './ports/delivery.js';
export type {
  FleetMember,
  FleetRegistry,
  QueuedMessage,
  RegisteredTarget,
  SendBatchResult,
  StoredTargetHealth,
  TargetQueue,
} from './ports/fleet.js';
export type {
  ImportedVersion,
  ImportVersionInput,
  InferenceExecution,
  ModelNaming,
  ModelOperations,
  ModelProvider,
  RetrainingScheduleFilter,
  RetrainingScheduleSettings,
  RetrainingScheduleSummary,
} from './ports/provider.js';
export type {
  ActivationHistory,
  ActivationRecord,
  DecisionHistory,
  DecisionLease,
  DecisionLog,
  DecisionRecord,
  DecisionStatus,
  ModelStateStore,
  ModelStateWrite,
  NotificationLedger,
  NotificationMarkOptions,
  PendingEvent,
  StoredModelState,
} from './ports/state.js';
