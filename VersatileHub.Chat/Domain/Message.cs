using VersatileHub.Chat.Accounts;

namespace VersatileHub.Chat.Domain;

/// <summary>Chatwoot's message types; the numbers are what its API answers with.</summary>
public enum MessageType
{
    Incoming = 0,
    Outgoing = 1,
    Activity = 2,
    Template = 3,
}

public enum MessageContentType
{
    Text,
    Image,
    Audio,
    File,
}

public enum SenderType
{
    None,
    Contact,
    User,
    Bot,
}

/// <summary>How far an outgoing message got; it only moves forward, or fails.</summary>
public enum DeliveryStatus
{
    Sent = 0,
    Delivered = 1,
    Read = 2,
    Failed = 3,
}

public static class MessageNames
{
    public static string ToName(this MessageType type) => type.ToString().ToLowerInvariant();

    public static string ToName(this MessageContentType type) => type.ToString().ToLowerInvariant();

    public static string ToName(this DeliveryStatus status) => status.ToString().ToLowerInvariant();

    public static string ToName(this SenderType sender) => sender switch
    {
        SenderType.Contact => "contact",
        SenderType.User => "user",
        SenderType.Bot => "agent_bot",
        _ => "none",
    };

    public static MessageContentType ParseContentType(string? name, string field) => name switch
    {
        null or "text" => MessageContentType.Text,
        "image" => MessageContentType.Image,
        "audio" => MessageContentType.Audio,
        "file" => MessageContentType.File,
        _ => throw new InvalidFieldException(field,
            $"Tipo de contenido '{name}' no soportado: 'text', 'image', 'audio' o 'file'. / Unsupported content type '{name}': 'text', 'image', 'audio' or 'file'."),
    };

    public static DeliveryStatus ParseStatus(string? name, string field) => name switch
    {
        "sent" => DeliveryStatus.Sent,
        "delivered" => DeliveryStatus.Delivered,
        "read" => DeliveryStatus.Read,
        "failed" => DeliveryStatus.Failed,
        _ => throw new InvalidFieldException(field, "El estado es 'sent', 'delivered', 'read' o 'failed'. / Status is 'sent', 'delivered', 'read' or 'failed'."),
    };
}

/// <summary>Who wrote a message.</summary>
public sealed record Sender(SenderType Type, int? Id, string? Name)
{
    public static Sender OfContact(Contact contact) => new(SenderType.Contact, contact.Id, contact.Name);

    public static Sender OfUser(int userId, string name) => new(SenderType.User, userId, name);

    public static Sender OfBot(string name) => new(SenderType.Bot, null, name);

    public static readonly Sender System = new(SenderType.None, null, null);
}

/// <summary>
/// One message of a conversation. A channel's message carries the provider's id (<see cref="SourceId"/>), unique per inbox,
/// which makes ingest idempotent; outgoing messages track their delivery (<see cref="Status"/>).
/// </summary>
public sealed class Message : IAccountOwned
{
    public const int MaxContentLength = 150_000;
    public const int MaxSourceIdLength = 255;
    public const int MaxEchoIdLength = 255;

    private readonly List<Attachment> _attachments = [];

    private Message()
    {
    }

    public long Id { get; private set; }

    public int AccountId { get; private set; }

    public int InboxId { get; private set; }

    public int ConversationId { get; private set; }

    public Conversation? Conversation { get; private set; }

    public string? Content { get; private set; }

    public MessageType MessageType { get; private set; }

    public MessageContentType ContentType { get; private set; }

    /// <summary>A private note: seen by the staff only, never sent to the contact.</summary>
    public bool Private { get; private set; }

    public SenderType SenderType { get; private set; }

    /// <summary>The contact's id or the Hub user's id, after <see cref="SenderType"/>.</summary>
    public int? SenderId { get; private set; }

    public string? SenderName { get; private set; }

    /// <summary>The provider's message id (e.g. WhatsApp's <c>wamid…</c>).</summary>
    public string? SourceId { get; private set; }

    /// <summary>The client's own id for an optimistic message, echoed back so it can match it.</summary>
    public string? EchoId { get; private set; }

    public DeliveryStatus Status { get; private set; }

    public string? ExternalError { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public IReadOnlyCollection<Attachment> Attachments => _attachments;

    public static Message Write(
        Conversation conversation, MessageType type, string? content, MessageContentType contentType, bool isPrivate,
        Sender sender, string? sourceId, string? echoId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(sender);
        if (content?.Length > MaxContentLength)
        {
            throw new InvalidFieldException("content", $"El mensaje tiene hasta {MaxContentLength} caracteres. / A message is up to {MaxContentLength} characters.");
        }
        if (sourceId?.Length > MaxSourceIdLength)
        {
            throw new InvalidFieldException("source_id", $"source_id tiene hasta {MaxSourceIdLength} caracteres. / source_id is up to {MaxSourceIdLength} characters.");
        }
        if (echoId?.Length > MaxEchoIdLength)
        {
            throw new InvalidFieldException("echo_id", $"echo_id tiene hasta {MaxEchoIdLength} caracteres. / echo_id is up to {MaxEchoIdLength} characters.");
        }
        if (isPrivate && type != MessageType.Outgoing)
        {
            throw new InvalidFieldException("private", "Solo una respuesta del equipo puede ser una nota privada. / Only an outgoing message can be a private note.");
        }
        return new Message
        {
            Conversation = conversation,
            ConversationId = conversation.Id,
            InboxId = conversation.InboxId,
            MessageType = type,
            Content = content,
            ContentType = contentType,
            Private = isPrivate,
            SenderType = sender.Type,
            SenderId = sender.Id,
            SenderName = sender.Name,
            SourceId = string.IsNullOrWhiteSpace(sourceId) ? null : sourceId.Trim(),
            EchoId = string.IsNullOrWhiteSpace(echoId) ? null : echoId.Trim(),
            Status = DeliveryStatus.Sent,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>A message needs words or a file.</summary>
    public void EnsureHasSomething()
    {
        if (string.IsNullOrWhiteSpace(Content) && _attachments.Count == 0)
        {
            throw new InvalidFieldException("content", "El mensaje necesita texto o un adjunto. / A message needs text or an attachment.");
        }
    }

    public Attachment Attach(StoredFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var attachment = new Attachment(file);
        _attachments.Add(attachment);
        return attachment;
    }

    /// <summary>The gateway sent this outgoing message and tells the provider's id for it, so later reports find it.</summary>
    public void SentAs(string providerId, DateTimeOffset now)
    {
        if (MessageType == MessageType.Incoming || Private)
        {
            throw new InvalidFieldException("message_id", "Solo un mensaje saliente se envía al proveedor. / Only an outgoing message is sent to the provider.");
        }
        if (SourceId is not null && SourceId != providerId)
        {
            throw new ConflictException("El mensaje ya tiene otro id del proveedor. / The message already has another provider id.");
        }
        if (providerId.Length > MaxSourceIdLength)
        {
            throw new InvalidFieldException("source_id", $"source_id tiene hasta {MaxSourceIdLength} caracteres. / source_id is up to {MaxSourceIdLength} characters.");
        }
        SourceId = providerId;
        UpdatedAt = now;
    }

    /// <summary>The provider reports how far the message got. Late reports of an earlier stage change nothing.</summary>
    /// <returns>Whether the status changed.</returns>
    public bool ReportDelivery(DeliveryStatus status, string? error, DateTimeOffset now)
    {
        if (status == DeliveryStatus.Failed)
        {
            if (Status == DeliveryStatus.Failed && ExternalError == error)
            {
                return false;
            }
            if (Status is DeliveryStatus.Delivered or DeliveryStatus.Read)
            {
                return false;
            }
            Status = DeliveryStatus.Failed;
            ExternalError = string.IsNullOrWhiteSpace(error) ? "unknown" : error.Trim()[..Math.Min(error.Trim().Length, 1000)];
            UpdatedAt = now;
            return true;
        }
        if (Status == DeliveryStatus.Failed || status <= Status)
        {
            return false;
        }
        Status = status;
        UpdatedAt = now;
        return true;
    }
}

/// <summary>A file stored for a message, by its key in the <see cref="Attachments.IAttachmentStore"/>.</summary>
public sealed record StoredFile(MessageContentType FileType, string FileName, string MimeType, long Size, string StorageKey);

/// <summary>A file that came with a message.</summary>
public sealed class Attachment : IAccountOwned
{
    private Attachment()
    {
    }

    internal Attachment(StoredFile file)
    {
        FileType = file.FileType;
        FileName = file.FileName;
        MimeType = file.MimeType;
        Size = file.Size;
        StorageKey = file.StorageKey;
    }

    public long Id { get; private set; }

    public int AccountId { get; private set; }

    public long MessageId { get; private set; }

    public MessageContentType FileType { get; private set; }

    public string FileName { get; private set; } = "";

    public string MimeType { get; private set; } = "";

    public long Size { get; private set; }

    public string StorageKey { get; private set; } = "";
}
