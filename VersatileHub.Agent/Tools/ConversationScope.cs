namespace VersatileHub.Agent.Tools;

/// <summary>
/// Whom a turn's tools act for: one tenant, and within it one conversation's contact (and the Hub customer linked to that
/// contact, when there is one). Tools never reach past it.
/// </summary>
public sealed record ConversationScope(int TenantId, int ConversationId, int ContactId, int? HubCustomerId);
