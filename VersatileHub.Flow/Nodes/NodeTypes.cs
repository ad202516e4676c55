namespace VersatileHub.Flow.Nodes;

/// <summary>The node types a definition may name (n8n's names without the <c>n8n-nodes-base.</c> prefix where n8n has one).</summary>
public static class NodeTypes
{
    // Triggers: a run starts at one of these with the trigger's items.
    public const string Manual = "manualTrigger";
    public const string Webhook = "webhook";
    public const string Schedule = "scheduleTrigger";
    public const string Event = "eventTrigger";
    public const string Error = "errorTrigger";

    // Logic: no effect outside the run.
    public const string If = "if";
    public const string Switch = "switch";
    public const string Set = "set";
    public const string Code = "code";
    public const string Wait = "wait";
    public const string StopAndError = "stopAndError";
    public const string NoOp = "noOp";
    public const string RespondToWebhook = "respondToWebhook";

    // Actions: calls into the suite or the outside world.
    public const string HttpRequest = "httpRequest";
    public const string SendChatMessage = "sendChatMessage";
    public const string CreateTicket = "createTicket";
    public const string BookAppointment = "bookAppointment";
    public const string UpdateOrderStatus = "updateOrderStatus";
    public const string AskAgent = "askAgent";
    public const string EmitEvent = "emitEvent";
}
