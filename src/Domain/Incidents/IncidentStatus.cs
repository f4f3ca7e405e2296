namespace DqPlatform.Domain.Incidents;

public enum IncidentStatus
{
    Open,
    Acknowledged,
    Resolved,
}
