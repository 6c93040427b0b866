.class public La/Grand;
.super La/Child;

.field public static final KEY:Ljava/lang/String; = "shared"

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, La/Child;-><init>()V
    return-void
.end method

.method public go()V
    .registers 2
    invoke-virtual {p0}, La/Base;->foo()V
    invoke-static {}, Lcom/amazonaws/mobileconnectors/pinpoint/Pinpoint;->track()V
    invoke-static {}, Lcom/amazonaws/other/Thing;->x()V
    const-string v0, "shared"
    return-void
.end method
