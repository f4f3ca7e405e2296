using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Incidents;

/// <summary>
/// An incident may be assigned only to a user who reaches its workspace; any other id (of another organization, or
/// of no user at all) answers the same, so the answer says nothing about who exists elsewhere.
/// </summary>
public sealed class AssigneeNotMemberException(string shownId)
    : DomainException("ASSIGNEE_NOT_MEMBER", $"User '{shownId}' is not a member who can reach this workspace; incidents are assigned to members only.");
