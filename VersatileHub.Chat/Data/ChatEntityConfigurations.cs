using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VersatileHub.ServiceDefaults.Data;
using NpgsqlTypes;
using VersatileHub.Chat.Domain;

namespace VersatileHub.Chat.Data;

internal sealed class InboxConfiguration : IEntityTypeConfiguration<Inbox>
{
    public void Configure(EntityTypeBuilder<Inbox> builder)
    {
        builder.ToTable("inboxes");
        builder.Property(i => i.Name).HasMaxLength(Inbox.MaxNameLength);
        builder.Property(i => i.ChannelType).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.PhoneNumber).HasMaxLength(16);
        builder.Property(i => i.Provider).HasMaxLength(50);
        builder.Property(i => i.WebsiteUrl).HasMaxLength(2000);
        builder.Property(i => i.WebhookUrl).HasMaxLength(2000);
        builder.Property(i => i.WebhookToken).HasMaxLength(32);
    }
}

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        builder.ToTable("contacts");
        builder.Property(c => c.Name).HasMaxLength(Contact.MaxNameLength);
        builder.Property(c => c.Email).HasMaxLength(Contact.MaxEmailLength);
        builder.Property(c => c.PhoneNumber).HasMaxLength(16);
        builder.Property(c => c.Identifier).HasMaxLength(Contact.MaxIdentifierLength);
        builder.Property(c => c.AdditionalAttributes).HasColumnType("jsonb");
        builder.Property(c => c.CustomAttributes).HasColumnType("jsonb");
        // Chatwoot's uniqueness: one contact per e-mail, phone and identifier in an account (nulls repeat freely).
        builder.HasIndex(c => new { c.AccountId, c.Email }).IsUnique();
        builder.HasIndex(c => new { c.AccountId, c.PhoneNumber }).IsUnique();
        builder.HasIndex(c => new { c.AccountId, c.Identifier }).IsUnique();
        builder.HasMany(c => c.Inboxes).WithOne().HasForeignKey(ci => ci.ContactId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Inboxes).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ContactInboxConfiguration : IEntityTypeConfiguration<ContactInbox>
{
    public void Configure(EntityTypeBuilder<ContactInbox> builder)
    {
        builder.ToTable("contact_inboxes");
        builder.Property(ci => ci.SourceId).HasMaxLength(ContactInbox.MaxSourceIdLength);
        builder.HasOne(ci => ci.Inbox).WithMany().HasForeignKey(ci => ci.InboxId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(ci => new { ci.InboxId, ci.SourceId }).IsUnique();
    }
}

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> builder)
    {
        builder.ToTable("conversations");
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Priority).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.HandoffReason).HasMaxLength(Conversation.MaxHandoffReasonLength);
        builder.Property(c => c.Version).IsRowVersion();
        builder.PrimitiveCollection(c => c.Labels).Metadata.SetValueComparer(StringListComparer.Instance);
        builder.HasOne(c => c.Inbox).WithMany().HasForeignKey(c => c.InboxId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(c => c.Contact).WithMany().HasForeignKey(c => c.ContactId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(c => c.ContactInbox).WithMany().HasForeignKey(c => c.ContactInboxId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.AccountId, c.DisplayId }).IsUnique();
        // The staff's list: an account's conversations of one status, latest activity first.
        builder.HasIndex(c => new { c.AccountId, c.Status, c.LastActivityAt });
        // The list of every status, latest activity first.
        builder.HasIndex(c => new { c.AccountId, c.LastActivityAt });
        // The list's counts per assignee, of one status or all: read from this index alone, never the conversations' rows.
        builder.HasIndex(c => new { c.AccountId, c.Status, c.AssigneeId });
        builder.HasIndex(c => new { c.ContactInboxId, c.Status });
    }
}

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> builder)
    {
        builder.ToTable("messages");
        builder.Property(m => m.MessageType).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.ContentType).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.SenderType).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.SenderName).HasMaxLength(255);
        builder.Property(m => m.SourceId).HasMaxLength(Message.MaxSourceIdLength);
        builder.Property(m => m.EchoId).HasMaxLength(Message.MaxEchoIdLength);
        builder.Property(m => m.ExternalError).HasMaxLength(1000);
        builder.HasOne(m => m.Conversation).WithMany().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(m => m.Attachments).WithOne().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(m => m.Attachments).UsePropertyAccessMode(PropertyAccessMode.Field);
        // The provider's id is unique per inbox: posting the same message again finds the first (idempotent ingest).
        builder.HasIndex(m => new { m.InboxId, m.SourceId }).IsUnique();
        builder.HasIndex(m => new { m.ConversationId, m.Id });
        builder.Property<NpgsqlTsVector>(MessageSearchSql.SearchVector)
            .HasComputedColumnSql(MessageSearchSql.SearchVectorExpression, stored: true);
        builder.HasIndex(MessageSearchSql.SearchVector).HasMethod("gin");
    }
}

internal sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> builder)
    {
        builder.ToTable("attachments");
        builder.Property(a => a.FileType).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.FileName).HasMaxLength(255);
        builder.Property(a => a.MimeType).HasMaxLength(255);
        builder.Property(a => a.StorageKey).HasMaxLength(300);
    }
}

internal sealed class AgentLastSeenConfiguration : IEntityTypeConfiguration<AgentLastSeen>
{
    public void Configure(EntityTypeBuilder<AgentLastSeen> builder)
    {
        builder.ToTable("agent_last_seen");
        builder.HasKey(s => new { s.ConversationId, s.UserId });
        builder.HasOne<Conversation>().WithMany().HasForeignKey(s => s.ConversationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AccountSettingsConfiguration : IEntityTypeConfiguration<AccountSettings>
{
    public void Configure(EntityTypeBuilder<AccountSettings> builder)
    {
        builder.ToTable("account_settings");
        builder.HasKey(s => s.AccountId);
        builder.Property(s => s.AccountId).ValueGeneratedNever();
    }
}
