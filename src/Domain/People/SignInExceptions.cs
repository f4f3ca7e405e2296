using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.People;

/// <summary>
/// A signed-in user's token names an organization (by the provider's organization claim) that does not exist here, or
/// names none: nobody is provisioned. An operator creates the organization (with that slug) first.
/// </summary>
public sealed class UnknownOrganizationException(string? slug)
    : DomainException("UNKNOWN_ORGANIZATION", slug is null
        ? "The sign-in token names no organization; the identity provider must send the configured organization claim."
        : $"No organization '{slug}' exists here; an operator must create it before its people can sign in.");

/// <summary>The request named a workspace (the <c>X-Dqp-Workspace</c> header or <c>workspace</c> in connection_init) the caller does not belong to.</summary>
public sealed class WorkspaceForbiddenException()
    : DomainException("WORKSPACE_FORBIDDEN", "The named workspace does not exist or is not one of yours.");

/// <summary>The user signed in but belongs to no organization any more (their membership was removed).</summary>
public sealed class NoMembershipException()
    : DomainException("NO_MEMBERSHIP", "You are not a member of any organization here.");
