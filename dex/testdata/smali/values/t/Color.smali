.class public final enum Lt/Color;
.super Ljava/lang/Enum;

.field public static final enum RED:Lt/Color;

.method private constructor <init>(Ljava/lang/String;I)V
    .registers 3
    invoke-direct {p0, p1, p2}, Ljava/lang/Enum;-><init>(Ljava/lang/String;I)V
    return-void
.end method
