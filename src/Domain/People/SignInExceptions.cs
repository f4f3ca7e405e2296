using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.People;

/// <summary>
/// A signed-in user's token names an organization (by the provider's organization claim) that does not exist here or
/// that its identity provider may not sign people into (not in the provider's <c>Organizations</c>), or names none:
/// nobody is provisioned. The message is the same whether or not the organization exists, so a token cannot probe slugs.
/// </summary>
public sealed class UnknownOrganizationException(string? slug)
    : DomainException("UNKNOWN_ORGANIZATION", slug is null
        ? "The sign-in token names no organization; the identity provider must send the configured organization claim."
        : "The sign-in token names an organization its identity provider may not sign people into here; an operator must create it and list it in the provider's Organizations.");

/// <summary>The request named a workspace (the <c>X-Dqp-Workspace</c> header or <c>workspace</c> in connection_init) the caller does not belong to.</summary>
public sealed class WorkspaceForbiddenException()
    : DomainException("WORKSPACE_FORBIDDEN", "The named workspace does not exist or is not one of yours.");

/// <summary>The user signed in but belongs to no organization any more (their membership was removed).</summary>
public sealed class NoMembershipException()
    : DomainException("NO_MEMBERSHIP", "You are not a member of any organization here.");
