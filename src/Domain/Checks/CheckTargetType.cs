namespace DqPlatform.Domain.Checks;

public enum CheckTargetType
{
    Table,
    Column,
}
