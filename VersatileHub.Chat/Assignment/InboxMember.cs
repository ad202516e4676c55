using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VersatileHub.Chat.Accounts;
using VersatileHub.Chat.Domain;

namespace VersatileHub.Chat.Assignment;

/// <summary>An agent (a Hub user) who works an inbox: sees it live and takes its conversations in turn.</summary>
public sealed class InboxMember : IAccountOwned
{
    private InboxMember()
    {
    }

    public InboxMember(int inboxId, int userId)
    {
        if (userId <= 0)
        {
            throw new InvalidFieldException("user_ids", "Cada agente es un id de usuario positivo. / Each agent is a positive user id.");
        }
        InboxId = inboxId;
        UserId = userId;
    }

    public int AccountId { get; private set; }

    public int InboxId { get; private set; }

    public int UserId { get; private set; }
}

internal sealed class InboxMemberConfiguration : IEntityTypeConfiguration<InboxMember>
{
    public void Configure(EntityTypeBuilder<InboxMember> builder)
    {
        builder.ToTable("inbox_members");
        builder.HasKey(m => new { m.InboxId, m.UserId });
        builder.HasOne<Inbox>().WithMany().HasForeignKey(m => m.InboxId).OnDelete(DeleteBehavior.Cascade);
    }
}
