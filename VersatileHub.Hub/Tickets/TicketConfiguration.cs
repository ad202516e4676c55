using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VersatileHub.Hub.Api;

namespace VersatileHub.Hub.Tickets;

internal sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> ticket)
    {
        ticket.ToTable("tickets");
        ticket.HasKey(t => t.Id);
        ticket.Property(t => t.Subject).HasMaxLength(Ticket.MaxSubjectLength);
        ticket.Property(t => t.Description).HasMaxLength(Ticket.MaxDescriptionLength);
        ticket.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        ticket.Property(t => t.Priority).HasConversion<string>().HasMaxLength(20);
        ticket.Property(t => t.AssigneeUserId).HasMaxLength(Ticket.MaxUserIdLength);
        ticket.Property(t => t.Version).IsRowVersion();
        ticket.HasIndex(t => new { t.TenantId, t.Status, t.UpdatedAt });
        ticket.HasIndex(t => new { t.TenantId, t.CustomerId });
        ticket.HasIndex(t => new { t.TenantId, t.SourceConversationId });
        ticket.Property(t => t.IdempotencyKey).HasMaxLength(Ticket.MaxIdempotencyKeyLength);
        ticket.HasIndex(t => new { t.TenantId, t.IdempotencyKey }).IsUnique().HasFilter("idempotency_key IS NOT NULL");

        ticket.OwnsMany(t => t.Comments, comment =>
        {
            comment.ToTable("ticket_comments");
            comment.WithOwner().HasForeignKey("TicketId");
            comment.HasKey(c => c.Id);
            comment.Property(c => c.Author).HasMaxLength(Actor.MaxLength);
            comment.Property(c => c.Body).HasMaxLength(TicketComment.MaxBodyLength);
        });
        ticket.Navigation(t => t.Comments).HasField("_comments");

        ticket.OwnsMany(t => t.History, change =>
        {
            change.ToTable("ticket_status_changes");
            change.WithOwner().HasForeignKey("TicketId");
            change.HasKey(c => c.Id);
            change.Property(c => c.From).HasConversion<string>().HasMaxLength(20);
            change.Property(c => c.To).HasConversion<string>().HasMaxLength(20);
            change.Property(c => c.Actor).HasMaxLength(Actor.MaxLength);
            change.Property(c => c.Note).HasMaxLength(Ticket.MaxNoteLength);
        });
        ticket.Navigation(t => t.History).HasField("_history");
    }
}
