import { z } from 'zod';
import { DialogStatus } from '../../generated/prisma/enums.ts';

export const dialogStatusSchema = z.enum(DialogStatus);
