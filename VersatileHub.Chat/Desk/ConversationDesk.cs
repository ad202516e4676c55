using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VersatileHub.Chat.Accounts;
using VersatileHub.Chat.Apis;
using VersatileHub.Chat.Attachments;
using VersatileHub.Chat.Data;
using VersatileHub.Chat.Domain;
using VersatileHub.Chat.Events;
using VersatileHub.ServiceDefaults.Events;

namespace VersatileHub.Chat.Desk;

/// <summary>Which conversations a list shows (Chatwoot's query parameters).</summary>
public sealed record ConversationFilter(string? Status, string? AssigneeType, int? InboxId, IReadOnlyList<string>? Labels, string? Q, int? Page);

/// <summary>Who a conversation is assigned to now; <see cref="Assignee"/> is null when nobody is.</summary>
public sealed record Assignment(AssigneeView? Assignee);

public sealed record NewConversationMessage(string? Content);

public sealed record NewConversation(
    string? SourceId, int? InboxId, int? ContactId, string? Status, int? AssigneeId, NewConversationMessage? Message);

/// <summary>A message as the Chatwoot API posts it (JSON or multipart with <c>attachments[]</c>).</summary>
public sealed record NewMessage(
    string? Content, string? MessageType, bool? Private, string? ContentType, string? EchoId, JsonElement? TemplateParams)
{
    public IReadOnlyList<IncomingFile> Files { get; init; } = [];
}

/// <summary>The staff's work on conversations: listing, opening, replying, resolving, assigning, labelling, handing over.</summary>
public sealed class ConversationDesk(
    ChatDbContext db, CurrentAccount account, EventPublisher publisher, TimeProvider time, AttachmentIntake attachments,
    AccountPreferences preferences, DisplayIds displayIds)
{
    public const int PageSize = 25;
    public const int MessagesPerPage = 20;
    public const int MaxContactConversations = 100;

    private IQueryable<Conversation> Conversations =>
        db.Set<Conversation>().Include(c => c.Inbox).Include(c => c.Contact).Include(c => c.ContactInbox);

    public async Task<ConversationListView> ListAsync(ConversationFilter filter, int? userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.Page is < 1)
        {
            throw new InvalidFieldException("page", "La página empieza en 1. / Pages start at 1.");
        }
        var query = db.Set<Conversation>().AsNoTracking();
        if (filter.Status is not (null or "all"))
        {
            var status = ConversationNames.ParseStatus(filter.Status, "status");
            query = query.Where(c => c.Status == status);
        }
        else if (filter.Status is null)
        {
            query = query.Where(c => c.Status == ConversationStatus.Open);
        }
        if (filter.InboxId is { } inboxId)
        {
            query = query.Where(c => c.InboxId == inboxId);
        }
        foreach (var label in filter.Labels ?? [])
        {
            query = query.Where(c => c.Labels.Contains(label));
        }
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var matching = MessageSearch.Matching(db.Set<Message>(), MessageSearch.CheckQuery(filter.Q)).Select(m => m.ConversationId);
            query = query.Where(c => matching.Contains(c.Id));
        }

        // One count per assignee (a handful of rows, read from the index alone), summed here into the list's four counts.
        var perAssignee = await query.GroupBy(c => c.AssigneeId).Select(g => new { Assignee = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var counts = new ConversationCountsView(
            perAssignee.Where(a => userId != null && a.Assignee == userId).Sum(a => a.Count),
            perAssignee.Where(a => a.Assignee != null).Sum(a => a.Count),
            perAssignee.Where(a => a.Assignee == null).Sum(a => a.Count),
            perAssignee.Sum(a => a.Count));

        query = filter.AssigneeType switch
        {
            null or "all" => query,
            "me" => query.Where(c => userId != null && c.AssigneeId == userId),
            "assigned" => query.Where(c => c.AssigneeId != null),
            "unassigned" => query.Where(c => c.AssigneeId == null),
            _ => throw new InvalidFieldException("assignee_type", "assignee_type es 'me', 'unassigned', 'assigned' o 'all'. / assignee_type is 'me', 'unassigned', 'assigned' or 'all'."),
        };
        var page = filter.Page ?? 1;
        var conversations = await query.Include(c => c.Inbox).Include(c => c.Contact).Include(c => c.ContactInbox)
            .OrderByDescending(c => c.LastActivityAt).ThenByDescending(c => c.Id)
            .Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
        var views = await ViewsAsync(conversations, userId, cancellationToken);
        return new ConversationListView(new ConversationListData(counts, views));
    }

    public async Task<ConversationView?> GetAsync(int displayId, int? userId, CancellationToken cancellationToken)
    {
        var conversation = await Conversations.AsNoTracking().SingleOrDefaultAsync(c => c.DisplayId == displayId, cancellationToken);
        return conversation is null ? null : (await ViewsAsync([conversation], userId, cancellationToken))[0];
    }

    /// <summary>Chatwoot's contact conversations: the contact's conversations in every inbox, latest activity first; null when there is no such contact.</summary>
    public async Task<IReadOnlyList<ConversationView>?> ForContactAsync(int contactId, int? userId, CancellationToken cancellationToken)
    {
        if (!await db.Set<Contact>().AnyAsync(c => c.Id == contactId, cancellationToken))
        {
            return null;
        }
        var conversations = await Conversations.AsNoTracking().Where(c => c.ContactId == contactId)
            .OrderByDescending(c => c.LastActivityAt).ThenByDescending(c => c.Id).Take(MaxContactConversations).ToListAsync(cancellationToken);
        return await ViewsAsync(conversations, userId, cancellationToken);
    }

    /// <summary>Chatwoot's create: a conversation for the contact that <c>source_id</c> names in the inbox, with an optional first message.</summary>
    public async Task<ConversationView> CreateAsync(NewConversation request, ChatCaller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        var inboxId = request.InboxId ?? throw new InvalidFieldException("inbox_id", "Decí en qué bandeja. / Say which inbox.");
        if (string.IsNullOrWhiteSpace(request.SourceId))
        {
            throw new InvalidFieldException("source_id", "El source_id del contacto en la bandeja es obligatorio. / The contact's source_id in the inbox is required.");
        }
        var status = request.Status is null ? ConversationStatus.Open : ConversationNames.ParseStatus(request.Status, "status");
        var inbox = await db.Set<Inbox>().SingleOrDefaultAsync(i => i.Id == inboxId, cancellationToken)
            ?? throw new UnknownReferenceException("inbox_id", "No existe esa bandeja. / No such inbox.");
        var contactInbox = await db.Set<ContactInbox>()
            .SingleOrDefaultAsync(ci => ci.InboxId == inboxId && ci.SourceId == request.SourceId, cancellationToken);
        Contact contact;
        if (contactInbox is null)
        {
            var contactId = request.ContactId ?? throw new UnknownReferenceException("source_id",
                "Ningún contacto tiene ese source_id en la bandeja; mandá contact_id para crearlo. / No contact has that source_id in the inbox; send contact_id to create it.");
            contact = await db.Set<Contact>().Include(c => c.Inboxes).SingleOrDefaultAsync(c => c.Id == contactId, cancellationToken)
                ?? throw new UnknownReferenceException("contact_id", "No existe ese contacto. / No such contact.");
            contactInbox = contact.ReachThrough(inbox, request.SourceId);
        }
        else
        {
            contact = await db.Set<Contact>().SingleAsync(c => c.Id == contactInbox.ContactId, cancellationToken);
            if (request.ContactId is { } named && named != contact.Id)
            {
                throw new InvalidFieldException("contact_id", "Ese source_id es de otro contacto. / That source_id belongs to another contact.");
            }
        }

        var now = time.GetUtcNow();
        var events = new PendingEvents();
        await displayIds.PrepareAsync(db, account.RequiredId, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (contactInbox.Id == 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        var conversation = Conversation.Start(contactInbox, contact, await displayIds.NextAsync(db, account.RequiredId, cancellationToken), status, now);
        if (request.AssigneeId is { } assignee)
        {
            conversation.AssignTo(assignee, now);
        }
        db.Add(conversation);
        events.Conversation(ChatEventTypes.ConversationCreated, conversation);
        if (request.Message?.Content is { Length: > 0 } content)
        {
            var message = Message.Write(conversation, MessageType.Outgoing, content, MessageContentType.Text, false, SenderOf(caller), null, null, now);
            db.Add(message);
            await ApplyReplyRulesAsync(conversation, message, caller, events, now, cancellationToken);
            events.Message(ChatEventTypes.MessageCreated, message, conversation);
        }
        await SaveAsync(events, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await ViewsAsync([conversation], caller.UserId, cancellationToken))[0];
    }

    public async Task<ToggleStatusView?> ToggleStatusAsync(
        int displayId, string? status, long? snoozedUntil, CancellationToken cancellationToken)
    {
        var requested = status is null ? (ConversationStatus?)null : ConversationNames.ParseStatus(status, "status");
        DateTimeOffset? until = snoozedUntil is { } seconds
            ? seconds is > 0 and < 253402300800 ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : throw new InvalidFieldException("snoozed_until", "snoozed_until es un instante Unix en segundos. / snoozed_until is a Unix time in seconds.")
            : null;
        var conversation = await Conversations.SingleOrDefaultAsync(c => c.DisplayId == displayId, cancellationToken);
        if (conversation is null)
        {
            return null;
        }
        var previous = conversation.Status;
        var changed = conversation.ToggleStatus(requested, until, time.GetUtcNow());
        if (changed)
        {
            var events = new PendingEvents();
            events.StatusChanged(conversation, previous);
            events.Conversation(ChatEventTypes.ConversationUpdated, conversation);
            await SaveAsync(events, cancellationToken);
        }
        return new ToggleStatusView(Json.EmptyObject,
            new ToggleStatusPayload(true, conversation.DisplayId, conversation.Status.ToName(), conversation.SnoozedUntil?.ToUnixTimeSeconds()));
    }

    /// <summary>Assigns the conversation to a member of the account (null or 0: unassigns); null when there is no such conversation.</summary>
    public async Task<Assignment?> AssignAsync(int displayId, int? assigneeId, CancellationToken cancellationToken)
    {
        var conversation = await Conversations.SingleOrDefaultAsync(c => c.DisplayId == displayId, cancellationToken);
        if (conversation is null)
        {
            return null;
        }
        conversation.AssignTo(assigneeId is 0 ? null : assigneeId, time.GetUtcNow());
        var events = new PendingEvents();
        events.Conversation(ChatEventTypes.ConversationUpdated, conversation);
        await SaveAsync(events, cancellationToken);
        return new Assignment(conversation.AssigneeId is { } id ? new AssigneeView(id) : null);
    }

    public async Task<IReadOnlyList<string>?> LabelsAsync(int displayId, CancellationToken cancellationToken) =>
        await db.Set<Conversation>().Where(c => c.DisplayId == displayId).Select(c => c.Labels).SingleOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<string>?> LabelAsync(int displayId, IReadOnlyList<string?>? labels, CancellationToken cancellationToken)
    {
        var conversation = await Conversations.SingleOrDefaultAsync(c => c.DisplayId == displayId, cancellationToken);
        if (conversation is null)
        {
            return null;
        }
        conversation.Label(labels, time.GetUtcNow());
        var events = new PendingEvents();
        events.Conversation(ChatEventTypes.ConversationUpdated, conversation);
        await SaveAsync(events, cancellationToken);
        return conversation.Labels;
    }

    /// <summary>The latest <see cref="MessagesPerPage"/> messages before <paramref name="before"/> (a message id), oldest first.</summary>
    public async Task<MessageListView?> MessagesAsync(int displayId, long? before, int? userId, CancellationToken cancellationToken)
    {
        var conversation = await Conversations.AsNoTracking().SingleOrDefaultAsync(c => c.DisplayId == displayId, cancellationToken);
        if (conversation is null)
        {
            return null;
        }
        var query = db.Set<Message>().AsNoTracking().Include(m => m.Attachments).Where(m => m.ConversationId == conversation.Id);
        if (before is { } id)
        {
            query = query.Where(m => m.Id < id);
        }
        var messages = await query.OrderByDescending(m => m.Id).Take(MessagesPerPage).ToListAsync(cancellationToken);
        var seenAt = userId is { } user
            ? await db.Set<AgentLastSeen>().Where(s => s.ConversationId == conversation.Id && s.UserId == user).Select(s => (DateTimeOffset?)s.SeenAt).SingleOrDefaultAsync(cancellationToken)
            : null;
        return new MessageListView(
            new MessageListMeta(conversation.Labels, Json.EmptyObject, ContactSenderView.Of(conversation.Contact!),
                conversation.AssigneeId is { } assignee ? new AssigneeView(assignee) : null, seenAt?.ToUnixTimeSeconds()),
            messages.OrderBy(m => m.Id).Select(m => MessageView.Of(m, conversation.DisplayId, conversation.Contact)).ToList());
    }

    /// <summary>
    /// Posts a message the way Chatwoot's API does. A human's reply to the contact silences the bot for the account's
    /// override window and announces a handoff; a bot's reply during that window is refused.
    /// </summary>
    public async Task<MessageView?> PostAsync(int displayId, NewMessage request, ChatCaller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        var type = request.TemplateParams is { ValueKind: JsonValueKind.Object } ? MessageType.Template : request.MessageType switch
        {
            null or "outgoing" => MessageType.Outgoing,
            "incoming" => MessageType.Incoming,
            _ => throw new InvalidFieldException("message_type", "message_type es 'outgoing' o 'incoming'. / message_type is 'outgoing' or 'incoming'."),
        };
        var contentType = request.ContentType is null && request.Files.Count > 0
            ? AttachmentIntake.FileTypeOf(request.Files[0].MimeType)
            : MessageNames.ParseContentType(request.ContentType, "content_type");
        attachments.Check(request.Files, "attachments");

        var conversation = await Conversations.SingleOrDefaultAsync(c => c.DisplayId == displayId, cancellationToken);
        if (conversation is null)
        {
            return null;
        }
        if (type == MessageType.Incoming && conversation.Inbox!.ChannelType != ChannelType.Api)
        {
            throw new InvalidFieldException("message_type", "Solo una bandeja API recibe mensajes entrantes por esta ruta. / Only an API inbox takes incoming messages through this route.");
        }

        // The same echo_id again is the same message (a client's or an automation's retry): answered, not posted twice.
        if (!string.IsNullOrWhiteSpace(request.EchoId)
            && await db.Set<Message>().AsNoTracking().Include(m => m.Attachments)
                .Where(m => m.ConversationId == conversation.Id && m.EchoId == request.EchoId.Trim())
                .OrderBy(m => m.Id).FirstOrDefaultAsync(cancellationToken) is { } posted)
        {
            return MessageView.Of(posted, conversation.DisplayId, conversation.Contact);
        }

        var now = time.GetUtcNow();
        var sender = type == MessageType.Incoming ? Sender.OfContact(conversation.Contact!) : SenderOf(caller);
        var message = Message.Write(conversation, type, request.Content, contentType, request.Private ?? false, sender, null, request.EchoId, now);
        var events = new PendingEvents();
        await ApplyReplyRulesAsync(conversation, message, caller, events, now, cancellationToken);
        foreach (var file in await attachments.StoreAsync(account.RequiredId, request.Files, cancellationToken))
        {
            message.Attach(file);
        }
        message.EnsureHasSomething();
        db.Add(message);
        events.Message(ChatEventTypes.MessageCreated, message, conversation);
        await SaveAsync(events, cancellationToken);
        return MessageView.Of(message, conversation.DisplayId, conversation.Contact);
    }

    /// <summary>A human hands the conversation back to the bot.</summary>
    public async Task<ConversationView?> ReturnToBotAsync(int displayId, ChatCaller caller, CancellationToken cancellationToken)
    {
        var conversation = await Conversations.SingleOrDefaultAsync(c => c.DisplayId == displayId, cancellationToken);
        if (conversation is null)
        {
            return null;
        }
        var now = time.GetUtcNow();
        conversation.ReturnToBot(now);
        var events = new PendingEvents();
        var note = Message.Write(conversation, MessageType.Activity,
            $"{caller.Name} devolvió la conversación al bot. / {caller.Name} handed the conversation back to the bot.",
            MessageContentType.Text, false, Sender.System, null, null, now);
        db.Add(note);
        events.Message(ChatEventTypes.MessageCreated, note, conversation);
        events.Conversation(ChatEventTypes.ConversationUpdated, conversation);
        await SaveAsync(events, cancellationToken);
        return (await ViewsAsync([conversation], caller.UserId, cancellationToken))[0];
    }

    /// <summary>A human takes the conversation over without replying yet: the bot goes silent for the override window.</summary>
    public async Task<ConversationView?> TakeOverAsync(int displayId, ChatCaller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var conversation = await Conversations.SingleOrDefaultAsync(c => c.DisplayId == displayId, cancellationToken);
        if (conversation is null)
        {
            return null;
        }
        var now = time.GetUtcNow();
        conversation.HumanReplied(now, (await preferences.CurrentAsync(cancellationToken)).HumanOverride);
        var events = new PendingEvents();
        var note = Message.Write(conversation, MessageType.Activity,
            $"{caller.Name} tomó la conversación. / {caller.Name} took over the conversation.",
            MessageContentType.Text, false, Sender.System, null, null, now);
        db.Add(note);
        events.Message(ChatEventTypes.MessageCreated, note, conversation);
        events.Handoff(conversation, SenderType.User);
        events.Conversation(ChatEventTypes.ConversationUpdated, conversation);
        await SaveAsync(events, cancellationToken);
        return (await ViewsAsync([conversation], caller.UserId, cancellationToken))[0];
    }

    /// <summary>The bot asks for a human: the bot goes silent for the override window and the staff see why.</summary>
    public async Task<ConversationView?> HandOffAsync(int displayId, string? reason, ChatCaller caller, CancellationToken cancellationToken)
    {
        var conversation = await Conversations.SingleOrDefaultAsync(c => c.DisplayId == displayId, cancellationToken);
        if (conversation is null)
        {
            return null;
        }
        var now = time.GetUtcNow();
        var window = (await preferences.CurrentAsync(cancellationToken)).HumanOverride;
        var previous = conversation.Status;
        conversation.HandOffToHuman(reason, now, window);
        var events = new PendingEvents();
        var note = Message.Write(conversation, MessageType.Activity,
            $"El bot pidió una persona: {conversation.HandoffReason} / The bot asked for a human: {conversation.HandoffReason}",
            MessageContentType.Text, false, Sender.System, null, null, now);
        db.Add(note);
        events.Message(ChatEventTypes.MessageCreated, note, conversation);
        events.Handoff(conversation, SenderType.Bot);
        if (previous != conversation.Status)
        {
            events.StatusChanged(conversation, previous);
        }
        events.Conversation(ChatEventTypes.ConversationUpdated, conversation);
        await SaveAsync(events, cancellationToken);
        return (await ViewsAsync([conversation], caller.UserId, cancellationToken))[0];
    }

    /// <summary>The agent has read the conversation up to now: its unread count drops to zero for them.</summary>
    public async Task<bool> MarkSeenAsync(int displayId, int userId, CancellationToken cancellationToken)
    {
        var conversationId = await db.Set<Conversation>().Where(c => c.DisplayId == displayId).Select(c => (int?)c.Id).SingleOrDefaultAsync(cancellationToken);
        if (conversationId is not { } id)
        {
            return false;
        }
        var now = time.GetUtcNow();
        var seen = await db.Set<AgentLastSeen>().SingleOrDefaultAsync(s => s.ConversationId == id && s.UserId == userId, cancellationToken);
        if (seen is null)
        {
            db.Add(new AgentLastSeen(id, userId, now));
        }
        else
        {
            seen.Seen(now);
        }
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private async Task ApplyReplyRulesAsync(
        Conversation conversation, Message message, ChatCaller caller, PendingEvents events, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var previous = conversation.Status;
        if (message.MessageType == MessageType.Incoming)
        {
            conversation.ReceiveFromContact(now);
        }
        else if (message.Private)
        {
            conversation.Noted(now);
        }
        else if (caller.IsHuman)
        {
            conversation.HumanReplied(now, (await preferences.CurrentAsync(cancellationToken)).HumanOverride);
            events.Handoff(conversation, SenderType.User);
        }
        else
        {
            conversation.BotReplies(now);
        }
        if (previous != conversation.Status)
        {
            events.StatusChanged(conversation, previous);
        }
    }

    private static Sender SenderOf(ChatCaller caller) =>
        caller.UserId is { } userId ? Sender.OfUser(userId, caller.Name) : Sender.OfBot(caller.Bot ?? caller.Name);

    private async Task SaveAsync(PendingEvents events, CancellationToken cancellationToken)
    {
        try
        {
            await events.SaveAsync(db, publisher, account.RequiredId, cancellationToken);
        }
        catch (DbUpdateConcurrencyException exception)
        {
            throw new ConflictException("La conversación cambió mientras tanto; volvé a intentar. / The conversation changed meanwhile; try again.", exception);
        }
    }

    private async Task<List<ConversationView>> ViewsAsync(IReadOnlyList<Conversation> conversations, int? userId, CancellationToken cancellationToken)
    {
        var ids = conversations.Select(c => c.Id).ToList();
        var lastIds = await db.Set<Message>().Where(m => ids.Contains(m.ConversationId) && m.MessageType != MessageType.Activity)
            .GroupBy(m => m.ConversationId).Select(g => g.Max(m => m.Id)).ToListAsync(cancellationToken);
        var last = await db.Set<Message>().AsNoTracking().Include(m => m.Attachments).Where(m => lastIds.Contains(m.Id))
            .ToDictionaryAsync(m => m.ConversationId, cancellationToken);
        var seen = userId is { } user
            ? await db.Set<AgentLastSeen>().Where(s => ids.Contains(s.ConversationId) && s.UserId == user)
                .ToDictionaryAsync(s => s.ConversationId, s => s.SeenAt, cancellationToken)
            : [];
        var unread = await db.Set<Message>()
            .Where(m => ids.Contains(m.ConversationId) && m.MessageType == MessageType.Incoming)
            .Where(m => !db.Set<AgentLastSeen>().Any(s => s.ConversationId == m.ConversationId && s.UserId == userId && s.SeenAt >= m.CreatedAt))
            .GroupBy(m => m.ConversationId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        return conversations.Select(c => ConversationView.Of(
            c, last.GetValueOrDefault(c.Id), userId is null ? 0 : unread.GetValueOrDefault(c.Id), seen.TryGetValue(c.Id, out var at) ? at : null)).ToList();
    }
}
