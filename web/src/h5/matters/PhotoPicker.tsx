import { ImageUploader, Toast, type ImageUploadItem } from 'antd-mobile';
import { MAX_PHOTOS, PHOTO_ACCEPT, uploadPhoto } from '../../shared/media.ts';

/** A picked photo, uploaded at once; extra holds the token for the matter's photos. */
export type PhotoItem = ImageUploadItem & { extra: { token: string } };

export function photoTokensOf(items: ImageUploadItem[]): string[] {
  return items.map((item) => (item as PhotoItem).extra?.token).filter((token): token is string => Boolean(token));
}

/** Photos sent to POST /api/media as they are picked; too big (413) or not a photo (415) is said in words. */
export function PhotoPicker({
  value,
  onChange,
  onBusy,
}: {
  value: ImageUploadItem[];
  onChange: (items: ImageUploadItem[]) => void;
  onBusy?: (busy: boolean) => void;
}) {
  return (
    <ImageUploader
      value={value}
      onChange={onChange}
      accept={PHOTO_ACCEPT}
      multiple
      maxCount={MAX_PHOTOS}
      showFailed={false}
      onUploadQueueChange={(tasks) => onBusy?.(tasks.some((task) => task.status === 'pending'))}
      upload={async (file) => {
        try {
          const uploaded = await uploadPhoto(file);
          return { url: uploaded.thumbnailUrl, extra: { token: uploaded.token } };
        } catch (error) {
          Toast.show({ icon: 'fail', content: (error as Error).message });
          throw error;
        }
      }}
    />
  );
}
