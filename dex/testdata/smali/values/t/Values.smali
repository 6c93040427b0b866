.class public Lt/Values;
.super Ljava/lang/Object;

# dexdump (ART 11) aborts on array- and annotation-valued static fields,
# so these live in their own DEX (values.dex).
.field public static final S_INT:I = 0x1
.field public static final S_ENUM:Lt/Color; = .enum Lt/Color;->RED:Lt/Color;
.field public static final S_FIELD:Ljava/lang/Object; = Lt/All;->fint:I
.field public static final S_METHOD:Ljava/lang/Object; = Lt/All;->run()V
.field public static final S_ANNO:Ljava/lang/Object; = .subannotation Lt/Anno;
        value = "x"
        nested = {
            .subannotation Lt/Anno;
                value = "y"
            .end subannotation
        }
    .end subannotation
.field public static final S_ARRAY:[I = { 0x1, 0x2, 0x3 }
.field public static final S_NESTED:[Ljava/lang/Object; = { { "deep" }, null, { } }
.field public static final S_AFTER:Ljava/lang/String; = "after-annotation"
